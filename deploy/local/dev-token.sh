#!/usr/bin/env bash
# Prints a bearer token for the dev profile (./mvnw quarkus:dev), signed with the development-only
# key in this folder. Never use this key anywhere else: prod ships no key and must be configured.
#
#   deploy/local/dev-token.sh [--sub S] [--org O] [--roles r1,r2] [--ttl SECONDS] [--key PEM] [--issuer ISS]
#
# Defaults: --sub user_09AXKL2 --org org_bufdir_oslo_42 --roles reexport:read,reexport:write --ttl 3600
# --key/--issuer sign with another private key (a smoke-test key pair of a test cluster, deploy/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sub=user_09AXKL2
org=org_bufdir_oslo_42
roles=reexport:read,reexport:write
ttl=3600
issuer=https://reexport.local/dev
key="$here/dev-private.pem"
while [ $# -gt 0 ]; do
  case "$1" in
    --sub) sub=$2; shift 2 ;;
    --org) org=$2; shift 2 ;;
    --roles) roles=$2; shift 2 ;;
    --ttl) ttl=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    --issuer) issuer=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
now=$(date +%s)
groups=""
IFS=',' read -ra role_list <<< "$roles"
for r in "${role_list[@]}"; do
  [ -n "$r" ] && groups="${groups:+$groups,}$(json_string "$r")"
done
header='{"alg":"RS256","typ":"JWT"}'
payload="{\"iss\":$(json_string "$issuer"),\"sub\":$(json_string "$sub"),\"upn\":$(json_string "$sub"),\"org_id\":$(json_string "$org"),\"groups\":[${groups}],\"iat\":${now},\"exp\":$((now + ttl)),\"jti\":\"$(openssl rand -hex 12)\"}"
unsigned="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$unsigned" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s\n' "$unsigned" "$signature"
