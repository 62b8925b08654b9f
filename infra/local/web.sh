#!/usr/bin/env bash
# The browser front end (web/): install, generate its API types, check, build, and test it
# end to end against the real local stack.
#
#   infra/local/web.sh install      npm ci when package-lock.json changed
#   infra/local/web.sh lock         after changing web/package.json: npm install, then the lock fix below
#   infra/local/web.sh schema       write functions/meta/openapi.json, then web/src/lib/api/schema.d.ts from it
#   infra/local/web.sh schema-check fail when schema.d.ts is not what the document generates
#   infra/local/web.sh build        the static app in web/build (precompressed)
#   infra/local/web.sh check        svelte-check and the vitest unit tests
#   infra/local/web.sh bench        bytes per route on a first visit, Lighthouse per route, the scanner's figures
#   infra/local/web.sh bench-scanner the on-set scanner's figures only (answer times, bytes)
#   infra/local/web.sh e2e          Playwright in Debian's Chromium against a dev server on the
#                                   test stack (needs .local/test/env: infra/local/test.sh), its
#                                   film search answered by a local OMDB (fake_omdb.py)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
web="$root/web"
log() { printf '\033[1;34m[web]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[web]\033[0m %s\n' "$*" >&2; exit 1; }

. "$root/infra/local/target_dir.sh"

install() {
    command -v npm >/dev/null || die "Node.js 20 and npm are needed (https://nodejs.org)"
    local stamp="$web/node_modules/.package-lock.sha"
    local want; want=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
    log "installing the front end's packages (npm ci)"
    (cd "$web" && npm ci --no-audit --no-fund --engine-strict)
    echo "$want" > "$stamp"
}

# npm writes no lock entry for an optional platform package the registry does not serve
# (@lix-js/sdk 0.17.0, under paraglide, names darwin-arm64, linux-arm64 and win32-x64 builds
# that are not published), and `npm ci` then refuses the lockfile as out of sync. The entries
# are added as npm would write them, platform-filtered, so `npm ci` accepts the lock and never
# fetches them on another platform.
lock() {
    command -v npm >/dev/null || die "Node.js 20 and npm are needed"
    (cd "$web" && npm install --no-audit --no-fund --engine-strict)
    python3 - "$web/package-lock.json" <<'PY'
import json, sys
OSES = {"darwin", "linux", "win32", "freebsd", "android"}
CPUS = {"x64", "arm64", "arm", "ia32"}
path = sys.argv[1]
lock = json.load(open(path))
packages = lock["packages"]
for key, meta in list(packages.items()):
    for name, version in (meta.get("optionalDependencies") or {}).items():
        parts = name.rsplit("-", 2)
        if len(parts) != 3 or parts[1] not in OSES or parts[2] not in CPUS:
            continue
        if f"{key}/node_modules/{name}" in packages or f"node_modules/{name}" in packages:
            continue
        packages[f"node_modules/{name}"] = {"version": version, "cpu": [parts[2]], "dev": meta.get("dev", False), "optional": True, "os": [parts[1]]}
        print(f"lock: added {name}@{version} ({parts[1]}/{parts[2]}), which the registry does not serve", file=sys.stderr)
lock["packages"] = dict(sorted(packages.items()))
with open(path, "w") as f:
    json.dump(lock, f, indent=2)
    f.write("\n")
PY
    rm -f "$web/node_modules/.package-lock.sha"
    install
}

chromium() {
    if [ -x /usr/bin/chromium ]; then return; fi
    log "Chromium not found: installing Debian's chromium for the browser tests"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# The OpenAPI document the meta function serves, which the web types are generated from.
document="$root/functions/meta/openapi.json"

schema() {
    install
    cargo run -q --locked -p taalentio-openapi
    (cd "$web" && npx openapi-typescript "$document" -o src/lib/api/schema.d.ts --silent >/dev/null)
    log "wrote web/src/lib/api/schema.d.ts"
}

# functions/meta/openapi.json against the code is checked by tests/api/openapi.rs.
schema_check() {
    install
    local tmp; tmp=$(mktemp -d)
    (cd "$web" && npx openapi-typescript "$document" -o "$tmp/schema.d.ts" --silent >/dev/null)
    if ! diff -q "$tmp/schema.d.ts" "$web/src/lib/api/schema.d.ts" >/dev/null; then
        diff -u "$web/src/lib/api/schema.d.ts" "$tmp/schema.d.ts" | head -40 >&2 || true
        rm -rf "$tmp"
        die "web/src/lib/api/schema.d.ts is stale: run infra/local/web.sh schema and commit it"
    fi
    rm -rf "$tmp"
}

build() {
    install
    log "building the web app into web/build"
    (cd "$web" && npm run -s build >/dev/null)
    check_routing
}

# CloudFront finds prerendered pages by a list in template.yaml (WebRouting): it must be
# exactly the pages the build prerendered, or a page would be answered by the SPA shell.
check_routing() {
    python3 - "$web/build" "$root/template.yaml" <<'PY' || die "template.yaml's WebRouting PRERENDERED list is not the prerendered pages of web/build"
import json, pathlib, re, sys
build, template = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
built = sorted("/" + str(p.relative_to(build))[:-5] for p in build.rglob("*.html") if p.name != "200.html" and p != build / "index.html")
listed = sorted(json.loads(re.search(r"var PRERENDERED = (\[.*?\]);", template).group(1).replace("'", '"')))
if built != listed:
    print(f"built: {built}\nlisted: {listed}", file=sys.stderr)
    sys.exit(1)
PY
}

check() {
    install
    (cd "$web" && npm run -s check && npm run -s test:unit)
}

# A dev server on the test stack serving web/build, on a free port, its own outbox and blob
# directory, no demo data; stopped when the calling function returns.
serve_app() {
    [ -f "$root/.local/test/env" ] || die "no test stack: run infra/local/test.sh (make test)"
    [ -f "$web/build/200.html" ] || build
    set -a; . "$root/.local/test/env"; set +a
    local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local dir="$root/.local/test/$1"
    rm -rf "$dir"; mkdir -p "$dir"
    export PORT=$port PUBLIC_BASE_URL="http://127.0.0.1:$port" WEB_DIR="$web/build" SEED_DEMO=false \
        MAILER=outbox BLOB_STORE=local OUTBOX_DIR="$dir/outbox" LOCAL_BLOB_DIR="$dir/blobs"
    unset AWS_ENDPOINT_URL
    cargo build -q --locked -p taalentio-dev
    "$(target_dir)/debug/taalentio-dev" >"$dir/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 150); do
        curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null || { tail -n 30 "$dir/server.log" >&2; die "the dev server did not start"; }
    app_url="http://127.0.0.1:$port"
}

# A local OMDB (infra/local/fake_omdb.py) for the film search, on a free port; the dev server
# started after it reads OMDB_API_KEY and OMDB_BASE_URL.
fake_omdb() {
    local port_file="$root/.local/test/fake_omdb.port"
    rm -f "$port_file"
    python3 "$root/infra/local/fake_omdb.py" e2e-omdb-key "$port_file" &
    omdb_pid=$!
    for _ in $(seq 1 50); do [ -s "$port_file" ] && break; sleep 0.1; done
    [ -s "$port_file" ] || die "the fake OMDB did not start"
    export OMDB_API_KEY=e2e-omdb-key OMDB_BASE_URL="http://127.0.0.1:$(cat "$port_file")"
}

e2e() {
    install
    chromium
    # Not local: the EXIT trap (a failed run ends the script under `set -e`) runs outside e2e.
    server_pid="" omdb_pid=""
    local app_url
    trap 'kill ${server_pid:-} ${omdb_pid:-} 2>/dev/null || true' RETURN EXIT
    mkdir -p "$root/.local/test"
    fake_omdb
    serve_app e2e
    log "e2e against $app_url (screenshots and traces in web/test-results)"
    (cd "$web" && E2E_BASE_URL="$app_url" npx playwright test "$@")
}

# Bytes per route on a first visit and Lighthouse (mobile preset) per route.
bench() {
    install
    chromium
    build
    local server_pid app_url
    serve_app bench
    trap 'kill $server_pid 2>/dev/null || true' RETURN
    (cd "$web" && E2E_BASE_URL="$app_url" node bench/web-bench.mjs && E2E_BASE_URL="$app_url" node bench/scanner-bench.mjs)
}

bench_scanner() {
    install
    chromium
    build
    local server_pid app_url
    serve_app bench
    trap 'kill $server_pid 2>/dev/null || true' RETURN
    (cd "$web" && E2E_BASE_URL="$app_url" node bench/scanner-bench.mjs)
}

cmd=${1:-}; shift || true
case "$cmd" in
    install) install ;;
    lock) lock ;;
    chromium) chromium ;;
    schema) schema ;;
    schema-check) schema_check ;;
    build) build ;;
    check-routing) check_routing ;;
    check) check ;;
    e2e) e2e "$@" ;;
    bench) bench ;;
    bench-scanner) bench_scanner ;;
    *) die "usage: $0 install|chromium|schema|schema-check|build|check|e2e|bench|bench-scanner" ;;
esac
