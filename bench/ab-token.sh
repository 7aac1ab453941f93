#!/usr/bin/env bash
# A/B of the "+ token" probe (and the JSON-only probe, G3's other side): two -Pbench builds, before
# and after a change, running at once on one PostgreSQL (two databases), measured alternately with wrk
# so background load hits both alike. Copy target/quarkus-app away after each build:
#
#   A=/tmp/before-app B=/tmp/after-app [ROUNDS=3] [SECS=10] bench/ab-token.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${A:?A=<quarkus-app dir before>}" "${B:?B=<quarkus-app dir after>}"; rounds=${ROUNDS:-3}; secs=${SECS:-10}
pgbin=/usr/lib/postgresql/15/bin; pg_port=15721
work=$(mktemp -d /tmp/reexport-ab.XXXXXX); chmod 755 "$work"; mkdir -p "$work/pg"; chown 65534:65534 "$work/pg"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  setpriv --reuid=65534 --regid=65534 --clear-groups "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
LC_ALL=C setpriv --reuid=65534 --regid=65534 --clear-groups "$pgbin/initdb" -D "$work/pg" --locale=C -E UTF8 -A trust -U postgres >/dev/null
LC_ALL=C setpriv --reuid=65534 --regid=65534 --clear-groups "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start -o "-p $pg_port -c listen_addresses=127.0.0.1 -k /tmp" >/dev/null
for db in a b; do psql -X -q -h 127.0.0.1 -p $pg_port -U postgres -c "CREATE DATABASE reexport_$db" postgres; done
start() { # dir db port
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$pg_port/reexport_$2" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/reexport_$2" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=deploy/local/dev-public.pem MP_JWT_VERIFY_ISSUER=https://reexport.local/dev \
  QUARKUS_LOG_CONSOLE_JSON_ENABLED=false REEXPORT_WORKER_CONCURRENCY=0 QUARKUS_HTTP_PORT=$3 REEXPORT_STORAGE_ROOT="$work/files-$2" \
    java -Xmx256m -jar "$1/quarkus-run.jar" > "$work/app-$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -sf -o /dev/null http://127.0.0.1:$3/q/health/ready && return 0; sleep 0.5; done; echo "not ready $2"; exit 1
}
start "$A" a 18731; start "$B" b 18732
token=$(deploy/local/dev-token.sh --ttl 7200)
echo 'wrk.headers["Authorization"] = "Bearer " .. os.getenv("T")' > "$work/t.lua"
rate() { T=$token wrk -t2 -c8 -d"$2s" -s "$work/t.lua" "http://127.0.0.1:$1$3" | awk '/^Requests\/sec:/ {print $2}'; }
path=/bench-probes/authenticated/reexp_00000000000000000000000042
for p in 18731 18732; do for i in 1 2 3 4; do rate $p 8 $path >/dev/null; done; done   # warm-up both
for p in 18731 18732; do for i in 1 2; do rate $p 8 /bench-probes/static >/dev/null; done; done
echo "load average: $(uptime | sed 's/.*load average: //')"
for r in $(seq 1 $rounds); do
  echo "round $r: token before $(rate 18731 $secs $path) after $(rate 18732 $secs $path); static before $(rate 18731 $secs /bench-probes/static) after $(rate 18732 $secs /bench-probes/static)"
done
echo "load average: $(uptime | sed 's/.*load average: //')"
