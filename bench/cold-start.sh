#!/usr/bin/env bash
# M7 cold start: time from process spawn to the first 200 of an authenticated GET, and the RSS at
# that moment, for the packaged application on JDK 25 without and with its Leyden AOT cache.
#
#   bench/cold-start.sh [--runs N] [--build | --train-requests] [--breakdown]
#
#   --runs N     timed starts per variant (default 5); the figures are medians
#   --build      rebuild first with bench/aot-build.sh (also done when target/quarkus-app has no
#                app.aot). The cache is used where it was trained: a moved directory fails.
#   --train-requests  make the cache here instead, from one start of target/quarkus-app (aot-jar
#                layout: `./mvnw package -DskipTests -Dquarkus.package.jar.type=aot-jar`) in the
#                measured profile with -XX:AOTCacheOutput=app.aot that serves the first requests of a
#                cold instance (readiness, POST, GET, list, three times) and stops: the JVM writes
#                the cache as it exits (JEP 514). Minutes instead of the integration tests' training.
#   --breakdown  also one start per variant with Quarkus' step timings
#                (-Dquarkus.debug.print-startup-times=true) and -Xlog:class+load (classes loaded,
#                and how many came from the AOT cache); summaries in target/bench/m7-logs/. Then one
#                more AOT start under async-profiler (tools.profiler:async-profiler from Maven Central,
#                wall clock, 1 ms, per thread): flame graph startup-aot.html and, printed, where the main
#                thread's time goes up to the first 200 (startup-aot.txt: ms under each frame).
#
# Profile: the timed starts run the fast-start configuration the deployments use,
# QUARKUS_PROFILE=prod,serverless (COLD_START_PROFILE; `prod` measures the default one). The schema
# is migrated by the untimed first start (prod profile, as the migration Job does), which also loads
# the demo reports. Each start records spawn -> the "started in" log line (JVM + Quarkus start),
# Quarkus' own "started in", and spawn -> first 200. A second series of N starts per variant then
# measures the first requests after readiness (/q/health/ready 200, when a router sends traffic):
# the first POST -> 202, the GET of that job -> 200 and a list page -> 200 (issue 14, item 6).
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
#   M7 cold start: plain 1234 ms, aot 567 ms, ratio 0.46 (goals: aot <= 1000 ms, ratio <= 0.2); first POST plain 300 ms, aot 80 ms (goal < 100 ms)
# (ratio = median aot / median plain). The same figures go to target/bench/m7.json:
#   {"metric":"M7 cold start","date":"<ISO-8601>","machine":"<cores, model>","jdk":"<java -version>",
#    "load_average_start":…,"load_average_end":… (1-minute load: this machine is shared),"runs":N,"plain_ms":[…],"aot_ms":[…],"plain_rss_mib":[…],"aot_rss_mib":[…],
#    "plain_median_ms":…,"aot_median_ms":…,"ratio":…,"plain_rss_median_mib":…,
#    "aot_rss_median_mib":…,"rss_ratio":…,"goal":0.2,"goal_aot_ms":1000,"goal_met":true|false,
#    "profile":…,"java_opts":…,"plain_started_ms":[…],"aot_started_ms":[…] (spawn -> "started in" line),
#    "plain_quarkus_ms":[…],"aot_quarkus_ms":[…] (Quarkus' own "started in"),
#    "first":{"plain":{"ready_ms":[…],"post_ms":[…],"get_ms":[…],"list_ms":[…]},"aot":{…}},
#    "first_medians":{…},"goal_first_post_ms":100,"first_post_goal_met":true|false}
# App logs of every start are kept in target/bench/m7-logs/. Exit status 0 whether or not the
# goal is met; non-zero when something could not be measured.
#
# Environment: JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), PG_BIN (default
# /usr/lib/postgresql/15/bin), COLD_START_PORT (default 18500: PostgreSQL there, the app on +1),
# COLD_START_TIMEOUT (seconds for one start, default 180), AOT_BUILD_ARGS (extra Maven arguments
# for a build, e.g. -o -Dquarkus.http.test-port=8095), COLD_START_PROFILE (default prod,serverless),
# COLD_START_JAVA_OPTS (JVM flags of both variants, default -Xmx256m).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=5
build=false
breakdown=false
train=false
app=$root/target/quarkus-app
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --build) build=true; shift ;;
    --breakdown) breakdown=true; shift ;;
    --train-requests) train=true; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "cold-start: unknown option $1" >&2; exit 2 ;;
  esac
done
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
pg_port=${COLD_START_PORT:-18500}
app_port=$((pg_port + 1))
start_timeout=${COLD_START_TIMEOUT:-180}
profile=${COLD_START_PROFILE:-prod,serverless}
read -ra java_opts <<< "${COLD_START_JAVA_OPTS:--Xmx256m}"
java=$JAVA25_HOME/bin/java
fail() { echo "cold-start: $*" >&2; exit 1; }
[ -x "$java" ] || fail "no JDK 25 at JAVA25_HOME=$JAVA25_HOME"
[ -x "$PG_BIN/postgres" ] || fail "no PostgreSQL at PG_BIN=$PG_BIN"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || fail "--runs wants a positive number"
for cmd in curl setpriv openssl python3; do command -v $cmd > /dev/null || fail "$cmd is needed"; done

out=$root/target/bench
logs=$out/m7-logs
mkdir -p "$logs"
if $build || { ! $train && [ ! -s "$app/app.aot" ]; }; then
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
api="http://127.0.0.1:$app_port/api/v1/report-reexports"
url="$api?limit=1"
report=rpt_01HX9K2M3N4P5Q6R7S8T9U0V # a demo report of the token's organisation (src/main/resources/demo)
export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$pg_port/postgres"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres
export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$root/deploy/local/dev-public.pem
export MP_JWT_VERIFY_ISSUER=https://reexport.local/dev
export REEXPORT_STORAGE_ROOT=$work/files QUARKUS_HTTP_PORT=$app_port

# spawn LOG JAVA_FLAGS…: starts the app with profile $run_profile; sets $t0 (ns) and $app_pid.
run_profile=$profile
spawn() {
  local log=$1; shift
  port_free "$app_port" || fail "port $app_port is taken"
  t0=$(date +%s%N)
  (cd "$app" && QUARKUS_PROFILE=$run_profile exec "$java" "${java_opts[@]}" "$@" -jar quarkus-run.jar) > "$log" 2>&1 &
  app_pid=$!
}
# wait_for URL [auth]: polls until URL answers 200 (with the bearer token when auth); sets $elapsed_ms since $t0.
wait_for() {
  local target=$1 auth=${2:-} code now
  local headers=()
  [ -n "$auth" ] && headers=(-H "Authorization: Bearer $token")
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${headers[@]}" "$target" || true)
    if [ "$code" = 200 ]; then break; fi
    now=$(date +%s%N)
    if ! kill -0 "$app_pid" 2> /dev/null; then tail -20 "$log_file" >&2; fail "the app exited (see $log_file)"; fi
    if [ $(((now - t0) / 1000000000)) -ge "$start_timeout" ]; then tail -20 "$log_file" >&2; fail "no 200 within ${start_timeout}s (see $log_file)"; fi
    sleep 0.02
  done
  now=$(date +%s%N)
  elapsed_ms=$(((now - t0) / 1000000))
}
stop_app() {
  kill -TERM "$app_pid"
  for _ in $(seq 300); do kill -0 "$app_pid" 2> /dev/null || break; sleep 0.1; done
  kill -9 "$app_pid" 2> /dev/null || true
  wait "$app_pid" 2> /dev/null || true
  app_pid=""
}
# started_at LOG: "<ms from spawn to the 'started in' log line> <Quarkus' own 'started in' ms>" (-1 if absent).
started_at() {
  python3 - "$1" "$t0" << 'PY'
import json, re, sys
from datetime import datetime
log, t0 = sys.argv[1], int(sys.argv[2])
for line in open(log, errors="replace"):
    m = re.search(r"started in ([0-9.]+)s", line)
    if not m:
        continue
    quarkus = round(float(m.group(1)) * 1000)
    try:
        stamp = json.loads(line)["timestamp"]
        at = datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
        print(round(at * 1000 - t0 / 1e6), quarkus)
    except (ValueError, KeyError):
        print(-1, quarkus)
    break
else:
    print(-1, -1)
PY
}

# start_once LOG JAVA_FLAGS…: spawns the app, polls until the GET answers 200, records the
# elapsed milliseconds and the RSS in $elapsed_ms / $rss_kib and the split in $started_ms /
# $quarkus_ms, then stops the app.
start_once() {
  log_file=$1; shift
  spawn "$log_file" "$@"
  wait_for "$url" auth
  rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status")
  stop_app
  read -r started_ms quarkus_ms <<< "$(started_at "$log_file")"
}

# timed CURL-ARGS…: one authenticated request; prints "<status> <ms>" (body in $work/body).
timed() {
  curl -s -o "$work/body" -w '%{http_code} %{time_total}' --max-time 60 -H "Authorization: Bearer $token" "$@" \
    | awk '{printf "%s %d\n", $1, $2 * 1000 + 0.5}'
}
# first_requests LOG JAVA_FLAGS…: spawns the app, waits for readiness, then times the first POST,
# the GET of the job it created and the first list page; sets $ready_ms $post_ms $get_ms $list_ms.
first_requests() {
  log_file=$1; shift
  spawn "$log_file" "$@"
  wait_for "http://127.0.0.1:$app_port/q/health/ready"
  ready_ms=$elapsed_ms
  local status id
  read -r status post_ms <<< "$(timed -X POST -H 'Content-Type: application/json' \
    -d '{"report_id":"'"$report"'","export_params":{"format":"json"}}' "$api")"
  [ "$status" = 202 ] || { cat "$work/body" >&2; fail "first POST answered $status (see $log_file)"; }
  id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reexport_id"])' "$work/body")
  read -r status get_ms <<< "$(timed "$api/$id")"
  [ "$status" = 200 ] || fail "first GET answered $status (see $log_file)"
  read -r status list_ms <<< "$(timed "$api?limit=20")"
  [ "$status" = 200 ] || fail "first list answered $status (see $log_file)"
  stop_app
}

load_start=$(cut -d' ' -f1 /proc/loadavg)
echo "cold-start: JDK $("$java" -version 2>&1 | head -1), app $app, $runs runs per variant, profile $profile, flags ${java_opts[*]}, load average $load_start"
# The migration Job's part: the prod profile migrates at start; the demo reports give the POST a report.
run_profile=prod
REEXPORT_DEMO_DATA_ENABLED=true start_once "$logs/migrate.log"
echo "untimed: migration start (profile prod, demo data) $elapsed_ms ms"
run_profile=$profile
if $train; then
  rm -f "$app/app.aot"
  log_file=$logs/train.log
  spawn "$log_file" -XX:AOTCacheOutput=app.aot
  wait_for "http://127.0.0.1:$app_port/q/health/ready"
  for _ in 1 2 3; do
    read -r status _ <<< "$(timed -X POST -H 'Content-Type: application/json' \
      -d '{"report_id":"'"$report"'","export_params":{"format":"json"}}' "$api")"
    [ "$status" = 202 ] || fail "training POST answered $status (see $log_file)"
    id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reexport_id"])' "$work/body")
    timed "$api/$id" > /dev/null; timed "$api?limit=20" > /dev/null; timed "$url" > /dev/null
  done
  kill -TERM "$app_pid"
  # The JVM assembles the cache as it exits: give it time on a busy machine.
  for _ in $(seq 1800); do kill -0 "$app_pid" 2> /dev/null || break; sleep 0.5; done
  wait "$app_pid" 2> /dev/null || true
  app_pid=""
  [ -s "$app/app.aot" ] || fail "no cache written by the training start (see $log_file)"
  echo "untimed: cache trained on the first requests ($(du -h "$app/app.aot" | cut -f1))"
fi
start_once "$logs/aot-check.log" -XX:AOTCache=app.aot -XX:AOTMode=on
echo "untimed: cache check (-XX:AOTMode=on) $elapsed_ms ms"

if $breakdown; then
  for variant in plain aot; do
    flags=(-Dquarkus.debug.print-startup-times=true "-Xlog:class+load=info:file=$logs/breakdown-$variant-classes.log")
    [ "$variant" = aot ] && flags+=(-XX:AOTCache=app.aot)
    start_once "$logs/breakdown-$variant.log" "${flags[@]}"
    total=$(grep -c 'source:' "$logs/breakdown-$variant-classes.log" || true)
    cached=$(grep -c 'source: shared objects file' "$logs/breakdown-$variant-classes.log" || true)
    {
      echo "breakdown $variant: first 200 after $elapsed_ms ms; \"started in\" line at $started_ms ms (Quarkus: $quarkus_ms ms)"
      echo "breakdown $variant: $total classes loaded by then, $cached of them from the AOT cache"
      echo "breakdown $variant: slowest start-up steps (ms):"
      grep -ao 'Build step [^ ]* completed in: [0-9]*ms' "$logs/breakdown-$variant.log" \
        | awk '{gsub(/ms$/, "", $NF); print $NF, $3}' | sort -rn | head -12 | sed 's/^/  /' || true
    } | tee "$logs/breakdown-$variant.txt"
  done
  # Where the main thread's start-up goes, frame by frame: a wall-clock profile of one AOT start.
  profiler_version=4.1
  (cd "$root" && ./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$profiler_version" \
    -DoutputDirectory="$work" > /dev/null) || fail "could not fetch async-profiler $profiler_version"
  unzip -q -o "$work/async-profiler-$profiler_version.jar" linux-x64/libasyncProfiler.so -d "$work"
  for kind in collapsed html; do
    start_once "$logs/profile-aot-$kind.log" -XX:AOTCache=app.aot \
      "-agentpath:$work/linux-x64/libasyncProfiler.so=start,event=wall,interval=1ms,threads,$kind,file=$logs/startup-aot.$kind"
  done
  python3 - "$logs/startup-aot.collapsed" << 'PY' | tee "$logs/startup-aot.txt"
import collections, sys
# Main-thread samples (1 ms each) until Quarkus waits for exit: the frames with the most time under them.
under, starts = collections.Counter(), 0
for line in open(sys.argv[1], errors="replace"):
    stack, _, count = line.rstrip().rpartition(" ")
    frames = stack.split(";")
    if not frames[0].startswith("[main"):
        continue
    if any("waitForExit" in f or "ApplicationLifecycleManager.run" in f and "doStart" not in stack for f in frames[-8:]):
        continue
    starts += int(count)
    for f in set(frames[1:]):
        under[f] += int(count)
print(f"profile aot: main thread busy or blocked for {starts} ms of start-up (wall clock, async-profiler)")
shown = 0
for frame, n in under.most_common():
    if n > 0.97 * starts or n < 20 or frame.startswith(("java.", "jdk.", "sun.")):
        continue
    print(f"  {n:6d} ms  {frame}")
    shown += 1
    if shown == 45:
        break
PY
fi

plain_ms=(); aot_ms=(); plain_rss=(); aot_rss=(); plain_started=(); aot_started=(); plain_quarkus=(); aot_quarkus=()
run_variant() {
  local variant=$1 i=$2
  if [ "$variant" = plain ]; then
    start_once "$logs/plain-$i.log"
    plain_ms+=("$elapsed_ms"); plain_rss+=($((rss_kib / 1024))); plain_started+=("$started_ms"); plain_quarkus+=("$quarkus_ms")
  else
    start_once "$logs/aot-$i.log" -XX:AOTCache=app.aot
    aot_ms+=("$elapsed_ms"); aot_rss+=($((rss_kib / 1024))); aot_started+=("$started_ms"); aot_quarkus+=("$quarkus_ms")
  fi
  printf 'run %d %-5s %6d ms  RSS %4d MiB  ("started in" line at %d ms, Quarkus %d ms)\n' "$i" "$variant" \
    "$elapsed_ms" $((rss_kib / 1024)) "$started_ms" "$quarkus_ms"
}
for i in $(seq "$runs"); do
  if [ $((i % 2)) = 1 ]; then run_variant plain "$i"; run_variant aot "$i"; else run_variant aot "$i"; run_variant plain "$i"; fi
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
join() { local IFS=,; echo "$*"; }

# Issue 14 item 6: the first requests after readiness, alternating the variants again.
declare -A first
first_variant() {
  local variant=$1 i=$2
  if [ "$variant" = plain ]; then
    first_requests "$logs/first-plain-$i.log"
  else
    first_requests "$logs/first-aot-$i.log" -XX:AOTCache=app.aot
  fi
  first[$variant.ready]+="$ready_ms "; first[$variant.post]+="$post_ms "
  first[$variant.get]+="$get_ms "; first[$variant.list]+="$list_ms "
  printf 'first requests %d %-5s ready %6d ms, POST %5d ms, GET %5d ms, list %5d ms\n' \
    "$i" "$variant" "$ready_ms" "$post_ms" "$get_ms" "$list_ms"
}
for i in $(seq "$runs"); do
  if [ $((i % 2)) = 1 ]; then first_variant plain "$i"; first_variant aot "$i"; else first_variant aot "$i"; first_variant plain "$i"; fi
done

# shellcheck disable=SC2086 # word splitting of the space-separated series is wanted
fm() { median ${first[$1]}; }
# shellcheck disable=SC2086
arr() { join ${first[$1]}; }
first_json() { echo "{\"ready_ms\":[$(arr "$1.ready")],\"post_ms\":[$(arr "$1.post")],\"get_ms\":[$(arr "$1.get")],\"list_ms\":[$(arr "$1.list")]}"; }
first_medians() { echo "{\"ready_ms\":$(fm "$1.ready"),\"post_ms\":$(fm "$1.post"),\"get_ms\":$(fm "$1.get"),\"list_ms\":$(fm "$1.list")}"; }

pm=$(median "${plain_ms[@]}"); am=$(median "${aot_ms[@]}")
pr=$(median "${plain_rss[@]}"); ar=$(median "${aot_rss[@]}")
ps=$(median "${plain_started[@]}"); as=$(median "${aot_started[@]}")
pq=$(median "${plain_quarkus[@]}"); aq=$(median "${aot_quarkus[@]}")
ratio=$(awk -v a="$am" -v p="$pm" 'BEGIN {printf "%.2f", a / p}')
rss_ratio=$(awk -v a="$ar" -v p="$pr" 'BEGIN {printf "%.2f", a / p}')
met=$(awk -v r="$ratio" -v a="$am" 'BEGIN {print (r <= 0.2 && a <= 1000) ? "true" : "false"}')
fp_post=$(fm plain.post); fa_post=$(fm aot.post)
post_met=$(awk -v a="$fa_post" 'BEGIN {print (a < 100) ? "true" : "false"}')
load_end=$(cut -d' ' -f1 /proc/loadavg)
machine="$(nproc) cores, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
jdk=$("$java" -version 2>&1 | sed -n 2p)
cat > "$out/m7.json" << JSON
{"metric":"M7 cold start","date":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","machine":"$machine","jdk":"$jdk",
 "profile":"$profile","java_opts":"${java_opts[*]}",
 "load_average_start":$load_start,"load_average_end":$load_end,"runs":$runs,"plain_ms":[$(join "${plain_ms[@]}")],"aot_ms":[$(join "${aot_ms[@]}")],
 "plain_rss_mib":[$(join "${plain_rss[@]}")],"aot_rss_mib":[$(join "${aot_rss[@]}")],
 "plain_started_ms":[$(join "${plain_started[@]}")],"aot_started_ms":[$(join "${aot_started[@]}")],
 "plain_quarkus_ms":[$(join "${plain_quarkus[@]}")],"aot_quarkus_ms":[$(join "${aot_quarkus[@]}")],
 "plain_median_ms":$pm,"aot_median_ms":$am,"ratio":$ratio,
 "plain_rss_median_mib":$pr,"aot_rss_median_mib":$ar,"rss_ratio":$rss_ratio,"goal":0.2,"goal_aot_ms":1000,"goal_met":$met,
 "first":{"plain":$(first_json plain),"aot":$(first_json aot)},
 "first_medians":{"plain":$(first_medians plain),"aot":$(first_medians aot)},
 "goal_first_post_ms":100,"first_post_goal_met":$post_met}
JSON
echo "load average (1 min) at start $load_start, at end $load_end"
echo "RSS at the first 200 (median): plain $pr MiB, aot $ar MiB, ratio $rss_ratio"
echo "start-up split (medians): \"started in\" line at plain $ps ms, aot $as ms (Quarkus' own: plain $pq ms, aot $aq ms); first 200 at plain $pm ms, aot $am ms"
echo "first requests after readiness (medians): plain ready $(fm plain.ready) ms, POST $fp_post ms, GET $(fm plain.get) ms," \
  "list $(fm plain.list) ms; aot ready $(fm aot.ready) ms, POST $fa_post ms, GET $(fm aot.get) ms, list $(fm aot.list) ms"
echo "written: $out/m7.json"
echo "M7 cold start: plain $pm ms, aot $am ms, ratio $ratio (goals: aot <= 1000 ms, ratio <= 0.2); first POST plain $fp_post ms, aot $fa_post ms (goal < 100 ms)"
