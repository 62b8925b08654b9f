# Sourced by the deploy scripts: the stack of a samconfig.toml environment and its outputs.
# Needs the AWS CLI (v1 or v2) with credentials for the target account.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

log() { printf '\033[1;34m[deploy]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[deploy]\033[0m %s\n' "$*" >&2; exit 1; }

# samconfig_get ENV KEY: a value of [ENV.deploy.parameters] in samconfig.toml (one-line strings).
samconfig_get() {
    awk -v sect="[$1.deploy.parameters]" -v key="$2" '
        /^[[:space:]]*\[/ { insect = ($0 == sect); next }
        insect && $1 == key {
            sub(/^[^=]*=[[:space:]]*/, "")
            sub(/^"/, ""); sub(/"[[:space:]]*$/, "")
            gsub(/\\"/, "\"")
            print
            exit
        }' "$root/samconfig.toml"
}

# use_env ENV: sets STACK and exports AWS_REGION / AWS_DEFAULT_REGION (env vars win).
use_env() {
    env_name=$1
    case "$env_name" in dev|prod) ;; *) die "environment must be dev or prod, not '$env_name'" ;; esac
    STACK=${STACK_NAME:-$(samconfig_get "$env_name" stack_name)}
    [ -n "$STACK" ] || die "no stack_name in [$env_name.deploy.parameters] of samconfig.toml"
    local region
    region=${AWS_REGION:-${AWS_DEFAULT_REGION:-$(samconfig_get "$env_name" region)}}
    [ -n "$region" ] || die "no region: set AWS_REGION or region in samconfig.toml"
    export AWS_REGION=$region AWS_DEFAULT_REGION=$region
}

# stack_output NAME / stack_param NAME: from the deployed stack ("" when absent).
stack_output() {
    local v
    v=$(aws cloudformation describe-stacks --stack-name "$STACK" \
        --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text)
    [ "$v" = None ] && v=""
    printf '%s' "$v"
}

stack_param() {
    local v
    v=$(aws cloudformation describe-stacks --stack-name "$STACK" \
        --query "Stacks[0].Parameters[?ParameterKey=='$1'].ParameterValue | [0]" --output text)
    [ "$v" = None ] && v=""
    printf '%s' "$v"
}
