#!/usr/bin/env bash
# `make test`: a fresh test stack (Postgres + moto server), every test, then lints; cleans up.
set -euo pipefail
cd "$(dirname "$0")/../.."
export STARTED_BY=$$
trap 'infra/local/stack.sh down test' EXIT
infra/local/stack.sh up test --moto
set -a; . .local/test/env; set +a
export PATH="$PWD/.local/venv/bin:$PATH"

cargo test --workspace --locked --no-fail-fast
# The web app: its API types match the document, types and unit tests, the build, then the
# browser tests in Chromium against a dev server on this stack.
infra/local/web.sh schema-check
infra/local/web.sh check
infra/local/web.sh build
infra/local/web.sh e2e
# Schemathesis over every operation of the served document, as each role (fixed seed and budget).
infra/local/schemathesis.sh
if [ -f template.yaml ]; then cfn-lint template.yaml; fi
# What the SAM translator generates holds what the template's loops refer to.
if [ -f template.yaml ]; then python infra/local/check_sam.py template.yaml; fi
# Every crate in functions/ has its function, route or event source, log group and sample events.
if [ -f template.yaml ]; then python infra/local/check_functions.py; fi
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
