#!/usr/bin/env bash
# What each release setting does to a bootstrap's size: builds one function (default: cinema,
# the largest) for the host under each choice, each in its own target directory, and prints
# the stripped sizes beside the chosen profile's. Takes about 5 minutes per choice on 2 cores.
#
#   infra/local/size-choices.sh [function]
set -euo pipefail
cd "$(dirname "$0")/../.."
function=${1:-cinema}
. infra/local/target_dir.sh
base="$(target_dir)/size-choices"
# Each choice is [profile.release] (Cargo.toml) with some settings overridden.
deps_at_3='profile.release.package."*".opt-level=3'
choices=(
    "as-configured|"
    "deps-at-3|$deps_at_3"
    "lto-thin|profile.release.lto=\"thin\""
    "panic-abort|profile.release.panic=\"abort\""
)
set -f  # the overrides hold a literal "*"
for choice in "${choices[@]}"; do
    name=${choice%%|*} overrides=${choice#*|}
    dir="$base/$name"
    args=()
    for override in $overrides; do args+=(--config "$override"); done
    CARGO_TARGET_DIR="$dir" cargo build -q --release --locked "${args[@]}" -p "$function" >&2
    awk -v name="$name" -v over="${overrides:-(Cargo.toml as is)}" -v bytes="$(stat -c %s "$dir/release/$function")" \
        'BEGIN { printf "%-14s %6.2f MB   %s\n", name, bytes / 1e6, over }'
done
