#!/usr/bin/env bash
# `make bench`: the test stack, then every benchmark (optimised build); cleans up.
set -euo pipefail
cd "$(dirname "$0")/../.."
export STARTED_BY=$$
trap 'infra/local/stack.sh down test' EXIT
# The baselines in Python (the original product's libraries) run from .local/venv.
infra/local/stack.sh tools
infra/local/stack.sh up test --moto
set -a; . .local/test/env; set +a
# benches/cold_start.rs starts every function's binary, optimised as the benches are (the
# release profile without its link-time optimisation, which `make release` adds: 20 to 50
# minutes more on 2 cores); it reads the sizes of `make release`'s bootstraps when they are there.
. infra/local/target_dir.sh
cargo build --profile bench --locked $(for dir in functions/*/; do printf -- '-p %s ' "$(basename "$dir")"; done)
export FUNCTIONS_DIR="$(target_dir)/release" BOOTSTRAPS_DIR="$(target_dir)/lambda"
cargo bench -p taalentio-tests --locked "$@"
infra/local/web.sh bench
