#!/usr/bin/env bash
# `make release`: the arm64 (Graviton) release bootstrap of every function, as `sam build`
# makes them, and their sizes. Takes 10 to 25 minutes on 2 cores, so `make test` leaves it out.
set -euo pipefail
cd "$(dirname "$0")/../.."
infra/local/stack.sh tools                      # cargo-lambda, with zig for the cross-link
export PATH="$PWD/.local/venv/bin:$PATH"
rustup target list --installed | grep -qx aarch64-unknown-linux-gnu ||
    rustup target add aarch64-unknown-linux-gnu
cargo lambda build --release --arm64 --locked
. infra/local/target_dir.sh
target=$(target_dir)
missing=0
for dir in functions/*/; do
    name=$(basename "$dir")
    bootstrap="$target/lambda/$name/bootstrap"
    if [ -f "$bootstrap" ]; then
        awk -v name="$name" -v bytes="$(stat -c %s "$bootstrap")" \
            'BEGIN { printf "%-18s %6.1f MB\n", name, bytes / 1e6 }'
    else
        echo "$name: no bootstrap at $bootstrap" >&2; missing=1
    fi
done
exit $missing
