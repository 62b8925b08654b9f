# The two commands (README.md): `make dev` runs taalentio locally, `make test` tests it.
.PHONY: dev test bench release tools down lint fmt

dev: ## migrate, seed demo data and serve http://127.0.0.1:3000 (PORT overrides) until Ctrl-C
	infra/local/dev.sh

test: ## a fresh local stack, every test, cfn-lint, fmt and clippy
	infra/local/test.sh

bench: ## benchmarks against the local test stack, each figure beside its baseline
	infra/local/bench.sh

release: ## arm64 release bootstraps of every function (as `sam build` makes them) and their sizes
	infra/local/release.sh

tools: ## the Python tools (moto server, cfn-lint, cargo-lambda) into .local/venv
	infra/local/stack.sh tools

down: ## stop a dev stack left running
	infra/local/stack.sh down dev

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

fmt:
	cargo fmt --all
