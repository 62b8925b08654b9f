#!/usr/bin/env bash
# `make dev`: the local stack, then the dev server in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
export STARTED_BY=$$
infra/local/stack.sh tools
infra/local/stack.sh up dev
trap 'infra/local/stack.sh down dev --if-started-by $STARTED_BY' EXIT
set -a; . .local/dev/env; set +a
export PORT=${PORT:-3000} PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:${PORT:-3000}}
echo "admin login: $ADMIN_EMAIL / $ADMIN_PASSWORD (kept in .local/dev/admin_password)"
infra/local/web.sh build
cargo build -p taalentio-dev
. infra/local/target_dir.sh
"$(target_dir)/debug/taalentio-dev"
