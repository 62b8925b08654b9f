#!/usr/bin/env bash
# The local stack: a private Postgres cluster (and, for tests, moto server) under .local/,
# touching nothing else on the machine.
#
#   infra/local/stack.sh up <instance> [--moto]   start (or reuse) it; writes .local/<instance>/env
#   infra/local/stack.sh down <instance> [--if-started-by PID]
#   infra/local/stack.sh tools                    install the Python tools into .local/venv
#
# Instances: `dev` (Postgres on PG_PORT, default 54329) and `test` (fresh every run, free ports).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
local_dir="$root/.local"
venv="$local_dir/venv"

log() { printf '\033[1;34m[stack]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[stack]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

random_secret() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || ! command -v zbarimg >/dev/null || ! command -v pdftoppm >/dev/null; then
        log "PostgreSQL server binaries, zbarimg (QR code tests) or pdftoppm (badge PDF tests) not found: installing them from the OS packages"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib zbar-tools poppler-utils >/dev/null
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$bin"
}

# initdb and pg_ctl refuse to run as root: run them as the `postgres` system user then.
pg_user=""
as_pg() { if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi; }

tools() {
    local stamp="$venv/.requirements.sha"
    local want; want=$(sha256sum "$root/infra/requirements.txt" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
    log "installing Python tools into .local/venv (moto server, cfn-lint, cargo-lambda, schemathesis)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$root/infra/requirements.txt"
    echo "$want" > "$stamp"
}

up() {
    local instance=$1 with_moto=${2:-}
    local dir="$local_dir/$instance"
    if [ "$instance" = test ]; then
        down test >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
    mkdir -p "$dir"
    [ -n "$with_moto" ] && tools

    local bin; bin=$(pg_bin)
    if [ "$(id -u)" = 0 ]; then
        pg_user=postgres
        id postgres >/dev/null 2>&1 || as_root useradd --system --no-create-home postgres
    fi

    # The cluster lives in the checkout, unless the postgres user cannot reach it there.
    local pg_dir="$dir/pg"
    if [ -n "$pg_user" ] && ! runuser -u "$pg_user" -- test -x "$dir"; then
        pg_dir="/tmp/taalentio-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
        log "postgres cannot reach $dir: the cluster goes to $pg_dir"
    fi
    echo "$pg_dir" > "$dir/pg_dir"
    local data="$pg_dir/data" run="$pg_dir/run"
    mkdir -p "$pg_dir" "$run"
    [ -n "$pg_user" ] && chown "$pg_user" "$pg_dir" "$run"

    local password_file="$dir/pg_password"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "initialising a private Postgres cluster in $data"
        random_secret 24 | tr -d '/+=' > "$password_file"
        local pwfile="$pg_dir/pwfile"
        cp "$password_file" "$pwfile"
        [ -n "$pg_user" ] && chown "$pg_user" "$pwfile"
        as_pg "$bin/initdb" -D "$data" -U taalentio --pwfile="$pwfile" --auth=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
        rm -f "$pwfile"
    fi

    local port
    if [ -f "$dir/pg_port" ]; then port=$(cat "$dir/pg_port")
    elif [ "$instance" = dev ]; then port=${PG_PORT:-54329}
    else port=$(free_port); fi
    echo "$port" > "$dir/pg_port"

    if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "Postgres already running on 127.0.0.1:$port"
    else
        log "starting Postgres on 127.0.0.1:$port"
        as_pg "$bin/pg_ctl" -D "$data" -l "$pg_dir/postgres.log" -w -t 30 \
            -o "-p $port -k $run -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
            || { tail -n 20 "$pg_dir/postgres.log" >&2; die "Postgres did not start"; }
        echo "${STARTED_BY:-$PPID}" > "$dir/started_by"
    fi

    local password; password=$(cat "$password_file")
    PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U taalentio -d postgres -qtA \
        -c "SELECT 1 FROM pg_database WHERE datname = 'taalentio'" | grep -q 1 ||
        PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U taalentio -d postgres -q -c "CREATE DATABASE taalentio"

    # Secrets made here once, kept for the next run; nothing secret lives in the repository.
    [ -f "$dir/blob_key" ] || random_secret 32 > "$dir/blob_key"
    [ -f "$dir/encryption_key" ] || echo "local-1:$(random_secret 32)" > "$dir/encryption_key"
    [ -f "$dir/blind_index_key" ] || random_secret 32 > "$dir/blind_index_key"
    [ -f "$dir/admin_password" ] || random_secret 18 | tr -d '/+=' > "$dir/admin_password"

    {
        echo "DATABASE_URL=postgres://taalentio:$password@127.0.0.1:$port/taalentio"
        echo "PG_ADMIN_URL=postgres://taalentio:$password@127.0.0.1:$port/postgres"
        echo "LOCAL_BLOB_SIGNING_KEY=$(cat "$dir/blob_key")"
        echo "LOCAL_BLOB_DIR=$dir/blobs"
        echo "ENCRYPTION_KEYS=$(cat "$dir/encryption_key")"
        echo "BLIND_INDEX_KEY=$(cat "$dir/blind_index_key")"
        echo "OUTBOX_DIR=$dir/outbox"
        echo "ADMIN_EMAIL=admin@taalentio.local"
        echo "ADMIN_PASSWORD=$(cat "$dir/admin_password")"
    } > "$dir/env"

    if [ -n "$with_moto" ]; then
        local moto_port; moto_port=$(free_port)
        log "starting moto server on 127.0.0.1:$moto_port"
        nohup "$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$dir/moto.log" 2>&1 &
        echo $! > "$dir/moto.pid"
        for _ in $(seq 1 100); do
            curl -fsS "http://127.0.0.1:$moto_port/moto-api/" >/dev/null 2>&1 && break
            sleep 0.1
        done
        curl -fsS "http://127.0.0.1:$moto_port/moto-api/" >/dev/null || { cat "$dir/moto.log" >&2; die "moto server did not start"; }
        {
            echo "AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port"
            echo "AWS_ACCESS_KEY_ID=testing"
            echo "AWS_SECRET_ACCESS_KEY=testing"
            echo "AWS_REGION=eu-west-1"
            echo "AWS_EC2_METADATA_DISABLED=true"
        } >> "$dir/env"
    fi
    chmod 600 "$dir/env" "$password_file"
}

down() {
    local instance=$1 only_if=${2:-}
    local dir="$local_dir/$instance"
    [ -d "$dir" ] || return 0
    if [ -n "$only_if" ] && [ "$(cat "$dir/started_by" 2>/dev/null)" != "$only_if" ]; then
        log "Postgres was started by another run: leaving it up"
        return 0
    fi
    if [ -f "$dir/moto.pid" ]; then
        kill "$(cat "$dir/moto.pid")" 2>/dev/null || true
        rm -f "$dir/moto.pid"
    fi
    local pg_dir; pg_dir=$(cat "$dir/pg_dir" 2>/dev/null || echo "$dir/pg")
    if [ -f "$pg_dir/data/postmaster.pid" ]; then
        [ "$(id -u)" = 0 ] && pg_user=postgres
        log "stopping Postgres ($instance)"
        as_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -f "$dir/started_by"
}

case "${1:-}" in
    up) up "$2" "${3:+moto}" ;;
    down) down "$2" "${4:-}" ;;
    tools) tools ;;
    *) die "usage: $0 up <dev|test> [--moto] | down <instance> [--if-started-by PID] | tools" ;;
esac
