#!/usr/bin/env bash
# Schemathesis against a dev server on the test stack: every operation of the served OpenAPI
# document, all checks, the examples, coverage, fuzzing and stateful phases, as a plain user,
# a presence user, a recruiter and an admin (and a second plain user, the peer of the object-level
# authorization check), with a fixed seed and budget (infra/schemathesis/schemathesis.toml).
# Fails on any failure or schema error. Part of `make test`; alone:
#
#   infra/local/stack.sh up test --moto && infra/local/schemathesis.sh; infra/local/stack.sh down test
#
# Extra arguments go to `schemathesis run` (e.g. `--include-path-regex /cinema/ -n 5`).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
log() { printf '\033[1;34m[schemathesis]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[schemathesis]\033[0m %s\n' "$*" >&2; exit 1; }
. "$root/infra/local/target_dir.sh"

[ -f "$root/.local/test/env" ] || die "no test stack: run infra/local/stack.sh up test --moto first (make test does)"
"$root/infra/local/stack.sh" tools
set -a; . "$root/.local/test/env"; set +a
venv="$root/.local/venv"

# Its own database, outbox and blob folder: what schemathesis writes touches no other test.
dir="$root/.local/test/schemathesis"
rm -rf "$dir"; mkdir -p "$dir/web"
psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS taalentio_schemathesis" -c "CREATE DATABASE taalentio_schemathesis"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DATABASE_URL="${DATABASE_URL%/*}/taalentio_schemathesis" PORT=$port PUBLIC_BASE_URL="http://127.0.0.1:$port" \
    WEB_DIR="$dir/web" SEED_DEMO=false MAILER=outbox BLOB_STORE=local OUTBOX_DIR="$dir/outbox" LOCAL_BLOB_DIR="$dir/blobs"
unset AWS_ENDPOINT_URL
cargo build -q --locked -p taalentio-dev
"$(target_dir)/debug/taalentio-dev" >"$dir/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 150); do
    curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "$base/api/v1/health" >/dev/null || { tail -n 30 "$dir/server.log" >&2; die "the dev server did not start"; }

"$venv/bin/python" "$root/infra/schemathesis/identities.py" "$base" "$OUTBOX_DIR" "$dir/auth.json"
log "every operation of $base/api/v1/openapi.json (report in .local/test/schemathesis/report)"
cd "$dir"   # its caches (.hypothesis, .schemathesis) stay under .local
SCHEMATHESIS_AUTH_FILE="$dir/auth.json" "$venv/bin/schemathesis" --config-file "$root/infra/schemathesis/schemathesis.toml" run \
    --report junit,ndjson --report-dir "$dir/report" "$@" "$base/api/v1/openapi.json" \
    || { tail -n 20 "$dir/server.log" >&2; die "schemathesis found failures (server log: $dir/server.log)"; }
