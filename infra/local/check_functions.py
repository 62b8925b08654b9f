#!/usr/bin/env python3
"""Every crate in functions/ is wired up for AWS and for `cargo lambda invoke`.

For each functions/<name>/ (a crate whose binary is <name>), template.yaml must have:

  - an AWS::Serverless::Function built from it: Metadata BuildMethod rust-cargolambda,
    BuildProperties Binary <name>, CodeUri the workspace root (.) or functions/<name>,
    FunctionName <stack>-<name>;
  - <name> in the Fn::ForEach list that makes each function's log group and alarms;
  - HTTP crates (depending on lambda_http): an HttpApi event on /api/v1/<group>...;
    job crates: another event source (schedule, S3, queue...), or an entry in
    NO_EVENT_SOURCE below saying how it is invoked instead;

and events/ must hold at least one sample event, events/<name>.json or events/<name>-*.json,
that is a JSON object (for HTTP crates: an HTTP API v2.0 event on one of the function's routes).

Run by infra/local/test.sh (`make test`) with the venv's python, which has cfn-lint:
    .local/venv/bin/python infra/local/check_functions.py
Prints one line per missing piece and exits 1; prints a summary and exits 0 when all is there.
"""

import json
import re
import sys
import tomllib
from pathlib import Path

from cfnlint.decode import cfn_yaml

ROOT = Path(__file__).resolve().parents[2]

# Job crates that no template event invokes, and why.
NO_EVENT_SOURCE = {
    "migrate": "invoked by infra/deploy/migrate.sh after each deploy (deploy.sh runs it), "
    "not on a schedule: see infra/deploy/README.md, Migrating",
}

HTTP_EVENT_TYPES = {"HttpApi", "Api"}
ROUTE = re.compile(r"^/api/v1/[^/{}]+")


def crates():
    """(name, Cargo.toml as a dict) of every crate in functions/, sorted."""
    found = []
    for manifest in sorted((ROOT / "functions").glob("*/Cargo.toml")):
        with manifest.open("rb") as f:
            found.append((manifest.parent.name, tomllib.load(f)))
    return found


def binaries(manifest):
    """The binary names a crate builds: its [[bin]] names, else its package name."""
    bins = [b.get("name") for b in manifest.get("bin", [])]
    return bins or [manifest.get("package", {}).get("name")]


def is_http(manifest):
    return "lambda_http" in manifest.get("dependencies", {})


def sub_text(value):
    """The literal text of a plain string or a !Sub (either form); None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Sub" in value:
        sub = value["Fn::Sub"]
        return sub if isinstance(sub, str) else sub[0]
    return None


def route_matches(pattern, path):
    """Whether an HTTP API route path (with {param} and a final {proxy+}) matches a path."""
    regex = ""
    for part in re.split(r"(\{[^}]+\})", pattern):
        if part.endswith("+}"):
            regex += ".+"
        elif part.startswith("{"):
            regex += "[^/]+"
        else:
            regex += re.escape(part)
    return re.fullmatch(regex, path) is not None


def main():
    template_path = ROOT / "template.yaml"
    template = cfn_yaml.load(str(template_path))
    resources = template.get("Resources", {})
    global_code_uri = template.get("Globals", {}).get("Function", {}).get("CodeUri")

    functions = {
        key: res
        for key, res in resources.items()
        if not key.startswith("Fn::ForEach::")
        and isinstance(res, dict)
        and res.get("Type") == "AWS::Serverless::Function"
    }
    # Names in each Fn::ForEach collection whose body makes log groups and alarms.
    ops_names = set()
    for key, loop in resources.items():
        if key.startswith("Fn::ForEach::") and isinstance(loop, list) and len(loop) == 3:
            types = {r.get("Type") for r in loop[2].values() if isinstance(r, dict)}
            if {"AWS::Logs::LogGroup", "AWS::CloudWatch::Alarm"} <= types and isinstance(loop[1], list):
                ops_names.update(n for n in loop[1] if isinstance(n, str))

    all_crates = crates()
    names = [name for name, _ in all_crates]
    problems = []

    def problem(name, text):
        problems.append(f"functions/{name}: {text}")

    # Each events/*.json belongs to the crate with the longest name it starts with
    # (`<name>.json` or `<name>-<variant>.json`).
    event_files = {name: [] for name in names}
    for path in sorted((ROOT / "events").glob("*.json")):
        owners = [n for n in names if path.stem == n or path.stem.startswith(n + "-")]
        if owners:
            event_files[max(owners, key=len)].append(path)
        else:
            problems.append(f"events/{path.name}: no crate functions/<name> for it (name it <name>.json or <name>-<variant>.json)")

    for name, manifest in all_crates:
        if name not in binaries(manifest):
            problem(name, f"builds {binaries(manifest)}, not a binary named `{name}` after its folder")

        # (a) a function resource that builds this crate's binary
        built = [
            (key, res)
            for key, res in functions.items()
            if (res.get("Metadata") or {}).get("BuildProperties", {}).get("Binary") == name
        ]
        if not built:
            problem(
                name,
                f"no AWS::Serverless::Function in template.yaml with Metadata "
                f"BuildProperties: {{Binary: {name}}} (infra/deploy/README.md, Adding a function)",
            )
        if len(built) > 1:
            problem(name, f"built by more than one function: {', '.join(k for k, _ in built)}")
        for key, res in built:
            props = res.get("Properties") or {}
            if res["Metadata"].get("BuildMethod") != "rust-cargolambda":
                problem(name, f"{key}: Metadata BuildMethod is not rust-cargolambda")
            code_uri = props.get("CodeUri", global_code_uri)
            if str(code_uri).rstrip("/") not in {".", "./", f"functions/{name}", f"./functions/{name}"}:
                problem(name, f"{key}: CodeUri {code_uri!r} is neither the workspace root (.) nor functions/{name}")
            function_name = sub_text(props.get("FunctionName"))
            if function_name is None or not function_name.endswith(f"-{name}"):
                problem(
                    name,
                    f"{key}: FunctionName must be ${{AWS::StackName}}-{name} "
                    f"(its log group and alarms are named after it)",
                )

        # log group and alarms
        if name not in ops_names:
            problem(name, "not in the Fn::ForEach::FunctionOps list (its log group with retention and alarms)")

        # (b) how it is invoked
        events = {}
        for key, res in built:
            events.update((res.get("Properties") or {}).get("Events") or {})
        http_routes = [
            (ev.get("Properties", {}).get("Method", "ANY"), ev.get("Properties", {}).get("Path", ""))
            for ev in events.values()
            if isinstance(ev, dict) and ev.get("Type") in HTTP_EVENT_TYPES
        ]
        other_sources = [
            ev.get("Type")
            for ev in events.values()
            if isinstance(ev, dict) and ev.get("Type") not in HTTP_EVENT_TYPES
        ]
        http = is_http(manifest)
        if built and http:
            if not any(ROUTE.match(str(path)) for _, path in http_routes):
                problem(name, "HTTP crate (depends on lambda_http) without an HttpApi event on /api/v1/<group>")
        elif built and not other_sources and name not in NO_EVENT_SOURCE:
            problem(
                name,
                "job crate without an event source (Schedule, ScheduleV2, S3, SQS...) and not "
                "in NO_EVENT_SOURCE of infra/local/check_functions.py with the reason",
            )

        # (c) sample events
        files = event_files[name]
        if not files:
            problem(name, f"no sample event events/{name}.json (or events/{name}-<variant>.json) for cargo lambda invoke")
        for path in files:
            try:
                event = json.loads(path.read_text())
            except ValueError as e:
                problems.append(f"events/{path.name}: not JSON: {e}")
                continue
            if not isinstance(event, dict):
                problems.append(f"events/{path.name}: not a JSON object")
                continue
            if http:
                method = (event.get("requestContext", {}).get("http") or {}).get("method")
                raw_path = event.get("rawPath")
                if event.get("version") != "2.0" or not method or not raw_path:
                    problems.append(
                        f"events/{path.name}: not an HTTP API payload 2.0 event "
                        f"(version, rawPath, requestContext.http.method)"
                    )
                elif http_routes and not any(
                    m in ("ANY", method) and route_matches(str(p), raw_path) for m, p in http_routes
                ):
                    problems.append(f"events/{path.name}: {method} {raw_path} is no route of functions/{name}")

    # (d) `cargo lambda watch` routes each HTTP API path to the same function as API Gateway.
    with open(ROOT / "Cargo.toml", "rb") as f:
        watch_router = (
            tomllib.load(f).get("workspace", {}).get("metadata", {}).get("lambda", {})
            .get("watch", {}).get("router", {})
        )
    for key, res in functions.items():
        binary = (res.get("Metadata") or {}).get("BuildProperties", {}).get("Binary")
        for ev in ((res.get("Properties") or {}).get("Events") or {}).values():
            if not (isinstance(ev, dict) and ev.get("Type") in HTTP_EVENT_TYPES):
                continue
            api_path = str(ev.get("Properties", {}).get("Path", ""))
            # API Gateway's {proxy+} is matchit's {*name}.
            watch_path = re.sub(r"\{(\w+)\+\}", r"{*path}", api_path)
            if watch_router.get(watch_path) != binary:
                problems.append(
                    f"Cargo.toml [workspace.metadata.lambda.watch.router]: {watch_path!r} should be "
                    f"{binary!r} as in template.yaml {key} (found {watch_router.get(watch_path)!r})"
                )

    for key, res in functions.items():
        binary = (res.get("Metadata") or {}).get("BuildProperties", {}).get("Binary")
        if binary not in names:
            problems.append(f"template.yaml: {key} builds binary {binary!r}, which no crate functions/<name> provides")

    for line in problems:
        print(f"check_functions: {line}")
    if problems:
        print(f"check_functions: {len(problems)} problem(s); see infra/deploy/README.md, Adding a function")
        return 1
    summary = ", ".join(f"{n} ({len(event_files[n])} event{'s' if len(event_files[n]) != 1 else ''})" for n in names)
    print(f"check_functions: every function is in template.yaml with routes or a source, and has sample events: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
