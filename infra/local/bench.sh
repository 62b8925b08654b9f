#!/usr/bin/env bash
# `make bench`: the test stack, then every benchmark (optimised build); cleans up.
set -euo pipefail
cd "$(dirname "$0")/../.."
export STARTED_BY=$$
trap 'infra/local/stack.sh down test' EXIT
# The baselines in Python (the original product's libraries) run from .local/venv.
infra/local/stack.sh tools
infra/local/stack.sh up test
set -a; . .local/test/env; set +a
cargo bench -p taalentio-tests --locked "$@"
infra/local/web.sh bench
