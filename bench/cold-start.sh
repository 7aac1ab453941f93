#!/usr/bin/env bash
# M7 cold start: time from process spawn to the first 200 of an authenticated GET, and the RSS at
# that moment, for the packaged application on JDK 25 without and with its Leyden AOT cache.
#
#   bench/cold-start.sh [--runs N] [--build]
#
#   --runs N   timed starts per variant (default 5); the figures are medians
#   --build    rebuild first with bench/aot-build.sh (also done when target/quarkus-app has no
#              app.aot). The cache is used where it was trained: a moved directory fails.
#
# Like with like: the same JDK 25, the same aot-jar directory, the same flags (-Xmx256m, the heap
# the cache was trained with) and environment; the only difference is -XX:AOTCache=app.aot.
# Runs alternate between the variants. The request is GET /api/v1/report-reexports?limit=1 with a
# bearer token from deploy/local/dev-token.sh (the app trusts deploy/local/dev-public.pem here);
# it reads the database. PostgreSQL 15 from PG_BIN runs as uid 65534 in a temporary folder (it
# refuses root). Before timing, one untimed start lets Flyway migrate the schema (so migration is
# not counted) and one checks that the JVM maps the cache (-XX:AOTMode=on). "Cold" means a new
# JVM; the OS file cache is warm for both variants.
#
# Output: one line per start, then the medians, and LAST a line
#   M7 cold start: plain 1234 ms, aot 567 ms, ratio 0.46 (goal <= 0.5)
# (ratio = median aot / median plain). The same figures go to target/bench/m7.json:
#   {"metric":"M7 cold start","date":"<ISO-8601>","machine":"<cores, model>","jdk":"<java -version>",
#    "load_average_start":…,"load_average_end":… (1-minute load: this machine is shared),"runs":N,"plain_ms":[…],"aot_ms":[…],"plain_rss_mib":[…],"aot_rss_mib":[…],
#    "plain_median_ms":…,"aot_median_ms":…,"ratio":…,"plain_rss_median_mib":…,
#    "aot_rss_median_mib":…,"rss_ratio":…,"goal":0.5,"goal_met":true|false}
# App logs of every start are kept in target/bench/m7-logs/. Exit status 0 whether or not the
# goal is met; non-zero when something could not be measured.
#
# Environment: JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), PG_BIN (default
# /usr/lib/postgresql/15/bin), COLD_START_PORT (default 18500: PostgreSQL there, the app on +1),
# COLD_START_TIMEOUT (seconds for one start, default 180), AOT_BUILD_ARGS (extra Maven arguments
# for a build, e.g. -o -Dquarkus.http.test-port=8095).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=5
build=false
app=$root/target/quarkus-app
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --build) build=true; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "cold-start: unknown option $1" >&2; exit 2 ;;
  esac
done
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
pg_port=${COLD_START_PORT:-18500}
app_port=$((pg_port + 1))
start_timeout=${COLD_START_TIMEOUT:-180}
java=$JAVA25_HOME/bin/java
fail() { echo "cold-start: $*" >&2; exit 1; }
[ -x "$java" ] || fail "no JDK 25 at JAVA25_HOME=$JAVA25_HOME"
[ -x "$PG_BIN/postgres" ] || fail "no PostgreSQL at PG_BIN=$PG_BIN"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || fail "--runs wants a positive number"
for cmd in curl setpriv openssl; do command -v $cmd > /dev/null || fail "$cmd is needed"; done

out=$root/target/bench
logs=$out/m7-logs
mkdir -p "$logs"
if $build || [ ! -s "$app/app.aot" ]; then
  echo "cold-start: building the AOT cache (bench/aot-build.sh, log in $logs/aot-build.log)…"
  # shellcheck disable=SC2086
  bench/aot-build.sh ${AOT_BUILD_ARGS:-} > "$logs/aot-build.log" 2>&1 || fail "bench/aot-build.sh failed (see $logs/aot-build.log)"
fi
[ -f "$app/quarkus-run.jar" ] || fail "$app/quarkus-run.jar missing"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
port_free "$pg_port" || fail "port $pg_port is taken (set COLD_START_PORT)"
port_free "$app_port" || fail "port $app_port is taken (set COLD_START_PORT)"

work=$(mktemp -d /tmp/cold-start.XXXXXX)
chmod 755 "$work"
pg_pid=""
app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2> /dev/null; then
    kill -9 "$app_pid" 2> /dev/null || true
    wait "$app_pid" 2> /dev/null || true
  fi
  if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2> /dev/null; then
    # Immediate shutdown: the data is thrown away anyway. It can take seconds on a busy machine.
    kill -QUIT "$pg_pid" 2> /dev/null || true
    for _ in $(seq 300); do kill -0 "$pg_pid" 2> /dev/null || break; sleep 0.1; done
    if kill -0 "$pg_pid" 2> /dev/null; then
      pkill -9 -P "$pg_pid" 2> /dev/null || true
      kill -9 "$pg_pid" 2> /dev/null || true
    fi
    wait "$pg_pid" 2> /dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PostgreSQL as an unprivileged child; --pdeathsig stops it even if this script is killed.
mkdir -p "$work/pg" "$work/sock" "$work/files"
chown 65534:65534 "$work/pg" "$work/sock"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
LC_ALL=C nobody "$PG_BIN/initdb" -D "$work/pg/data" -U postgres --locale=C -E UTF8 --no-sync -A trust \
  > "$logs/initdb.log" 2>&1 || fail "initdb failed (see $logs/initdb.log)"
LC_ALL=C nobody --pdeathsig INT "$PG_BIN/postgres" -D "$work/pg/data" -p "$pg_port" -k "$work/sock" \
  -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
  > "$logs/postgres.log" 2>&1 &
pg_pid=$!
for _ in $(seq 300); do
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break
  kill -0 "$pg_pid" 2> /dev/null || fail "PostgreSQL stopped (see $logs/postgres.log)"
  sleep 0.1
done
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$pg_port" || fail "PostgreSQL did not get ready"

token=$(deploy/local/dev-token.sh --ttl 86400)
url="http://127.0.0.1:$app_port/api/v1/report-reexports?limit=1"
export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$pg_port/postgres"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres
export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$root/deploy/local/dev-public.pem
export MP_JWT_VERIFY_ISSUER=https://reexport.local/dev
export REEXPORT_STORAGE_ROOT=$work/files QUARKUS_HTTP_PORT=$app_port

# start_once LOG JAVA_FLAGS…: spawns the app, polls until the GET answers 200, records the
# elapsed milliseconds and the RSS in $elapsed_ms / $rss_kib, then stops the app.
start_once() {
  local log=$1; shift
  local t0 now code
  port_free "$app_port" || fail "port $app_port is taken"
  t0=$(date +%s%N)
  (cd "$app" && exec "$java" -Xmx256m "$@" -jar quarkus-run.jar) > "$log" 2>&1 &
  app_pid=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" "$url" || true)
    if [ "$code" = 200 ]; then break; fi
    now=$(date +%s%N)
    if ! kill -0 "$app_pid" 2> /dev/null; then tail -20 "$log" >&2; fail "the app exited (see $log)"; fi
    if [ $(((now - t0) / 1000000000)) -ge "$start_timeout" ]; then tail -20 "$log" >&2; fail "no 200 within ${start_timeout}s (see $log)"; fi
    sleep 0.02
  done
  now=$(date +%s%N)
  rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status")
  elapsed_ms=$(((now - t0) / 1000000))
  kill -TERM "$app_pid"
  for _ in $(seq 300); do kill -0 "$app_pid" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$app_pid" 2> /dev/null || true
  wait "$app_pid" 2> /dev/null || true
  app_pid=""
}

load_start=$(cut -d' ' -f1 /proc/loadavg)
echo "cold-start: JDK $("$java" -version 2>&1 | head -1), app $app, $runs runs per variant, load average $load_start"
start_once "$logs/migrate.log"
echo "untimed: migration start $elapsed_ms ms"
start_once "$logs/aot-check.log" -XX:AOTCache=app.aot -XX:AOTMode=on
echo "untimed: cache check (-XX:AOTMode=on) $elapsed_ms ms"

plain_ms=(); aot_ms=(); plain_rss=(); aot_rss=()
run_variant() {
  local variant=$1 i=$2
  if [ "$variant" = plain ]; then
    start_once "$logs/plain-$i.log"
    plain_ms+=("$elapsed_ms"); plain_rss+=($((rss_kib / 1024)))
  else
    start_once "$logs/aot-$i.log" -XX:AOTCache=app.aot
    aot_ms+=("$elapsed_ms"); aot_rss+=($((rss_kib / 1024)))
  fi
  printf 'run %d %-5s %6d ms  RSS %4d MiB\n' "$i" "$variant" "$elapsed_ms" $((rss_kib / 1024))
}
for i in $(seq "$runs"); do
  if [ $((i % 2)) = 1 ]; then run_variant plain "$i"; run_variant aot "$i"; else run_variant aot "$i"; run_variant plain "$i"; fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
join() { local IFS=,; echo "$*"; }
pm=$(median "${plain_ms[@]}"); am=$(median "${aot_ms[@]}")
pr=$(median "${plain_rss[@]}"); ar=$(median "${aot_rss[@]}")
ratio=$(awk -v a="$am" -v p="$pm" 'BEGIN {printf "%.2f", a / p}')
rss_ratio=$(awk -v a="$ar" -v p="$pr" 'BEGIN {printf "%.2f", a / p}')
met=$(awk -v r="$ratio" 'BEGIN {print (r <= 0.5) ? "true" : "false"}')
load_end=$(cut -d' ' -f1 /proc/loadavg)
machine="$(nproc) cores, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
jdk=$("$java" -version 2>&1 | sed -n 2p)
cat > "$out/m7.json" <<EOF
{"metric":"M7 cold start","date":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","machine":"$machine","jdk":"$jdk",
 "load_average_start":$load_start,"load_average_end":$load_end,"runs":$runs,"plain_ms":[$(join "${plain_ms[@]}")],"aot_ms":[$(join "${aot_ms[@]}")],
 "plain_rss_mib":[$(join "${plain_rss[@]}")],"aot_rss_mib":[$(join "${aot_rss[@]}")],
 "plain_median_ms":$pm,"aot_median_ms":$am,"ratio":$ratio,
 "plain_rss_median_mib":$pr,"aot_rss_median_mib":$ar,"rss_ratio":$rss_ratio,"goal":0.5,"goal_met":$met}
EOF
echo "load average (1 min) at start $load_start, at end $load_end"
echo "RSS at the first 200 (median): plain $pr MiB, aot $ar MiB, ratio $rss_ratio"
echo "written: $out/m7.json"
echo "M7 cold start: plain $pm ms, aot $am ms, ratio $ratio (goal <= 0.5)"
