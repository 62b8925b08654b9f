# Sourced by the scripts that run a built binary: cargo's real target directory, wherever
# CARGO_TARGET_DIR, `build.target-dir` or the workspace put it.
target_dir() {
    cargo metadata --format-version 1 --no-deps \
        --manifest-path "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/Cargo.toml" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])'
}
