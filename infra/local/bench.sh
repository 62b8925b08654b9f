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
# benches/cold_start.rs starts every function's release bootstrap (host target).
. infra/local/target_dir.sh
cargo build --release --locked $(for dir in functions/*/; do printf -- '-p %s ' "$(basename "$dir")"; done)
export RELEASE_DIR="$(target_dir)/release"
cargo bench -p taalentio-tests --locked "$@"
infra/local/web.sh bench
