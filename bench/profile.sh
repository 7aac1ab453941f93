#!/usr/bin/env bash
# CPU profiles of the packaged application (the -Pbench jar, as bench/run-all.sh builds it) under
# wrk, one per request kind, with async-profiler (tools.profiler:async-profiler from Maven Central,
# loaded into the running JVM with `jcmd JVMTI.agent_load`, so start-up and warm-up stay out of the
# profile). Writes, per kind, an HTML flame graph and a text summary (where the samples go, by layer,
# and the hottest frames) to docs/benchmarks/profile-<kind>.{html,txt}.
#
#   bench/profile.sh [--rows N] [--seconds S] [kind ...]
#
#   kinds: get (GET by id), post (POST, API-only instance), token (the "+ token" probe: JSON behind
#          the bearer check, no database), static (the "JSON only" probe), sql (the "+ SELECT" probe),
#          list (G4: the list page of an organisation with 100,000 jobs among --rows)
#   default: all; --rows 1000000, --seconds 20
#
# Environment: BENCH_SKIP_BUILD=1 reuses target/; PROFILE_APP_DIR (target/quarkus-app): another build,
# e.g. a copy from before a change, for an A/B; PROFILE_TEST_CLASSES (target/test-classes, built with
# -Pbench: the open-model client for the list); BENCH_CONNECTIONS (8); PROFILE_EVENT (cpu; itimer where
# perf events are not allowed); PROFILE_OUT (docs/benchmarks).
# Everything but the profiled seconds (PostgreSQL start, seeding, warm-up) is the same as run-all.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

rows=1000000; seconds=20; kinds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n "2,19p" "$0"; exit 0 ;;
    get|post|token|static|sql|list) kinds+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ ${#kinds[@]} -gt 0 ] || kinds=(get post token static sql list)
conns=${BENCH_CONNECTIONS:-8}
app_port=${BENCH_APP_PORT:-18700}
pg_port=${BENCH_PG_PORT:-15700}
event=${PROFILE_EVENT:-cpu}
out=${PROFILE_OUT:-docs/benchmarks}
pgbin=/usr/lib/postgresql/15/bin
app_dir=${PROFILE_APP_DIR:-target/quarkus-app}   # another build (e.g. a copy from before a change) for A/B
org=org_bufdir_oslo_42
g4_org=org_bufdir_bergen_07
report=rpt_01HX9K2M3N4P5Q6R7S8T9U0V
profiler_version=4.1

for tool in wrk:wrk psql:postgresql-client java:openjdk-17-jdk-headless jcmd:openjdk-17-jdk-headless unzip:unzip curl:curl; do
  command -v "${tool%%:*}" >/dev/null || { echo "missing ${tool%%:*}: apt-get install ${tool#*:}" >&2; exit 1; }
done
work=$(mktemp -d /tmp/reexport-profile.XXXXXX)
chmod 755 "$work"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -f "$work/pg/postmaster.pid" ] && setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
say() { echo "== $*" >&2; }
sql() { psql -X -q -t -A -h 127.0.0.1 -p "$pg_port" -U postgres -d reexport -v ON_ERROR_STOP=1 "$@"; }

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  say "building the application (-Pbench)"
  ./mvnw -B -q -Pbench package -DskipTests >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
fi
# the profiler's native library ships inside its Maven Central jar
./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$profiler_version" -DoutputDirectory="$work" >/dev/null
unzip -q -o "$work/async-profiler-$profiler_version.jar" linux-x64/libasyncProfiler.so -d "$work"
lib=$work/linux-x64/libasyncProfiler.so

say "starting PostgreSQL on port $pg_port"
mkdir -p "$work/pg" "$work/sock"
chown 65534:65534 "$work/pg" "$work/sock"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
LC_ALL=C as_nobody "$pgbin/initdb" -D "$work/pg" --locale=C -E UTF8 -A trust -U postgres >"$work/initdb.log"
LC_ALL=C as_nobody "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start -o \
  "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/sock -c shared_buffers=512MB -c max_connections=200" >/dev/null
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c 'CREATE DATABASE reexport' postgres

token=$(deploy/local/dev-token.sh --ttl 14400)
g4_token=$(deploy/local/dev-token.sh --ttl 14400 --org "$g4_org")
say "starting the application on port $app_port (API-only, -Xmx256m)"
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$pg_port/reexport" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/reexport" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
MP_JWT_VERIFY_PUBLICKEY_LOCATION=deploy/local/dev-public.pem MP_JWT_VERIFY_ISSUER=https://reexport.local/dev \
QUARKUS_LOG_CONSOLE_JSON_ENABLED=false REEXPORT_ADMISSION_MAX_PENDING=100000000 REEXPORT_WORKER_CONCURRENCY=0 \
QUARKUS_HTTP_PORT="$app_port" REEXPORT_STORAGE_ROOT="$work/files" REEXPORT_DEMO_DATA_ENABLED=true \
  java -Xmx256m -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -jar "$app_dir/quarkus-run.jar" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$app_port/q/health/ready" && break
  kill -0 "$app_pid" 2>/dev/null || { tail -40 "$work/app.log"; exit 1; }
  sleep 0.5
done

say "seeding $rows jobs (every tenth of $g4_org)"
# The same rows as run-all.sh: ids reexp_0<25 digits>, none pending; i % 10 = 0 belongs to the G4 organisation.
sql <<SQL
INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, locale,
    requested_by, requested_at, updated_at, completed_at, output_file_ref, output_file_size_bytes, attempt, next_attempt_at)
SELECT 'reexp_0' || lpad(i::text, 25, '0'), '$report', CASE WHEN i % 10 = 0 THEN '$g4_org' ELSE '$org' END,
       (ARRAY['completed','failed','cancelled','expired','completed'])[i % 5 + 1], 'xlsx', false, 'nb-NO',
       'user_09AXKL2', now() - i * interval '1 second', now(), now() - i * interval '1 second',
       'reports/org/reexports/seed_' || i || '.xlsx', 1000, 1, now()
FROM generate_series(1, $rows) AS i;
CREATE SEQUENCE IF NOT EXISTS bench_insert_seq;
SQL
sql -c 'VACUUM ANALYZE' >/dev/null

cat > "$work/get.lua" <<'LUA'
local tenths = math.floor(tonumber(os.getenv("BENCH_ROWS")) / 10)
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
request = function()
  -- ids of the token's organisation: not a multiple of ten
  return wrk.format("GET", string.format("/api/v1/report-reexports/reexp_0%025d", math.random(0, tenths - 1) * 10 + math.random(1, 9)))
end
LUA
sed "s#/api/v1/report-reexports/#/bench-probes/authenticated/#" "$work/get.lua" > "$work/token.lua"
sed "s#/api/v1/report-reexports/#/bench-probes/sql/#" "$work/get.lua" > "$work/sql.lua"
echo 'request = function() return wrk.format("GET", "/bench-probes/static") end' > "$work/static.lua"
echo 'wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")' > "$work/list.lua"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"report_id":"$report","export_params":{"format":"xlsx","include_annexes":false,"locale":"nb-NO"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA

wrk_rate() { # lua path seconds token
  BENCH_TOKEN=$4 BENCH_ROWS=$rows wrk -t2 -c"$conns" -d"$3s" -s "$1" "http://127.0.0.1:$app_port$2" | tee -a "$work/wrk.txt" \
    | awk '/^Requests\/sec:/ {print $2}'
}
# warm-up until a 5 s round is within 5 % of the one before (at most 8), then an empty JIT queue
warm() { # lua path token
  local prev=0 rate
  for _ in $(seq 1 8); do
    rate=$(wrk_rate "$1" "$2" 5 "$3")
    python3 -c "import sys; a, b = float(sys.argv[1] or 0), float(sys.argv[2] or 0); sys.exit(0 if b > 0 and abs(a - b) <= 0.05 * b else 1)" \
      "$rate" "$prev" && break
    prev=$rate
  done
  for _ in $(seq 1 120); do
    [ "$(jcmd "$app_pid" Compiler.queue 2>/dev/null | awk '/compile queue:/ {q = 1; next} q && NF && !/^Empty/ {n++} END {print n + 0}')" = 0 ] && break
    sleep 1
  done
}
# jcmd parses name=value arguments itself: the agent's options go in quotes
profiler() { jcmd "$app_pid" JVMTI.agent_load "$lib" "\"$1\"" >>"$work/profiler.log" 2>&1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)   # the agent writes the flame graph: it needs an absolute path
# The list's statements, as the service runs them, with their plans (bench/findings.md, G4)
explain_list() {
  local o
  for o in "$g4_org" "$org"; do
    echo "--- organisation $o ($(sql -c "SELECT count(*) FROM reexport_job WHERE org_id = '$o'") jobs)"
    sql -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM reexport_job WHERE org_id = '$o'
            ORDER BY requested_at DESC, reexport_id DESC LIMIT 20 OFFSET 0"
    sql -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT count(*) FROM reexport_job WHERE org_id = '$o'"
    if [ "$(sql -c "SELECT to_regclass('reexport_job_count') IS NOT NULL")" = t ]; then
      sql -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT coalesce(sum(n), 0) FROM reexport_job_count WHERE org_id = '$o'"
    fi
  done
}
for kind in "${kinds[@]}"; do
  tok=$token; path=/
  case $kind in
    post) path=/api/v1/report-reexports ;;
    list) path="/api/v1/report-reexports?limit=20"; tok=$g4_token ;;
  esac
  [ "$kind" = list ] && explain_list > "$out/profile-list-explain.txt"
  say "$kind: warm-up, then $seconds s profiled"
  warm "$work/$kind.lua" "$path" "$tok"
  profiler "start,event=$event,interval=1ms"
  rate=$(wrk_rate "$work/$kind.lua" "$path" "$seconds" "$tok")
  profiler "dump,collapsed,file=$work/$kind.collapsed"
  profiler "stop,file=$out/profile-$kind.html"
  python3 - "$work/$kind.collapsed" "$kind" "$rate" "$(uptime | sed 's/.*load average: //')" > "$out/profile-$kind.txt" <<'PY'
import re, sys
path, kind, rate, load = sys.argv[1:5]
stacks = []
for line in open(path):
    frames, _, n = line.rstrip("\n").rpartition(" ")
    stacks.append((frames.split(";"), int(n)))
total = sum(n for _, n in stacks) or 1
# layers, inclusive: the share of samples with at least one frame of the layer (they overlap)
layers = [
    ("security: token, identity, roles (smallrye-jwt, jose4j, quarkus-security)",
     r"io/smallrye/jwt|org/jose4j|io/quarkus/security|io/quarkus/smallrye/jwt|io/quarkus/vertx/http/runtime/security|VerifiedTokenCache|resteasy/reactive/server/runtime/security|eclipse/microprofile/jwt|no/grantreports/reexport/security"),
    ("Hibernate Reactive / ORM", r"org/hibernate"),
    ("reactive pg client (io.vertx.pgclient/sqlclient)", r"io/vertx/pgclient|io/vertx/sqlclient"),
    ("Jackson", r"com/fasterxml/jackson"),
    ("Quarkus REST (resteasy reactive)", r"org/jboss/resteasy/reactive|io/quarkus/resteasy/reactive"),
    ("Micrometer metrics", r"io/micrometer|io/quarkus/micrometer"),
    ("OpenTelemetry", r"io/opentelemetry|io/quarkus/opentelemetry"),
    ("context propagation / ArC request context", r"io/smallrye/context|io/quarkus/arc"),
    ("Mutiny", r"io/smallrye/mutiny"),
    ("this service's code (no.grantreports)", r"no/grantreports"),
    ("netty / socket I/O", r"io/netty"),
    ("kernel (syscalls, network stack)", r"_\[k\]$"),
    ("JIT compiler threads", r"CompileBroker|C2Compiler|Compile::"),
    ("GC", r"G1|GCTaskThread|WorkerThread::run|ConcurrentGCThread"),
]
print(f"profile {kind}: {total} samples at 1 ms (cpu), wrk {rate} req/s, load average {load}")
print("\nshare of samples by layer (inclusive; layers overlap):")
for name, pattern in layers:
    rx = re.compile(pattern)
    n = sum(c for frames, c in stacks if any(rx.search(f) for f in frames))
    print(f"  {100 * n / total:5.1f} %  {name}")
# the same layers, exclusive: a sample goes to the layer of its innermost frame that belongs to one
# (what the layer itself spends, not what runs under it), as a share of the samples outside the JIT
extra = [("Vert.x HTTP / web (io.vertx.core.http, io.vertx.ext.web, io.quarkus.vertx)", r"io/vertx/ext/web|io/vertx/core/http|io/quarkus/vertx")]
self_layers = [(n, re.compile(p)) for n, p in layers[:-3] + extra]
jit = re.compile(layers[-2][1])
by_layer = {}
for frames, c in stacks:
    if any(jit.search(f) for f in frames):
        continue
    name = "other (JDK, kernel, libraries not listed)"
    for f in reversed(frames):
        hit = next((n for n, rx in self_layers if rx.search(f)), None)
        if hit:
            name = hit
            break
    by_layer[name] = by_layer.get(name, 0) + c
outside = sum(by_layer.values()) or 1
print(f"\nby layer, exclusive (innermost frame of a layer; {outside} samples outside the JIT compiler threads):")
for name, c in sorted(by_layer.items(), key=lambda kv: -kv[1]):
    print(f"  {100 * c / outside:5.1f} %  {name}")
self_counts = {}
for frames, c in stacks:
    self_counts[frames[-1]] = self_counts.get(frames[-1], 0) + c
print("\nhottest frames (self time):")
for f, c in sorted(self_counts.items(), key=lambda kv: -kv[1])[:15]:
    print(f"  {100 * c / total:5.1f} %  {f[:150]}")
# Java frames by inclusive share, skipping the generic event-loop/thread frames at the root
incl = {}
for frames, c in stacks:
    for f in set(frames):
        incl[f] = incl.get(f, 0) + c
generic = re.compile(r"^(java/lang/Thread|io/netty|io/vertx/core/impl|java/util/concurrent|start_thread|thread_native_entry|JavaThread|\[)")
print("\nframes with the largest inclusive share (below the event loop):")
shown = 0
for f, c in sorted(incl.items(), key=lambda kv: -kv[1]):
    if generic.search(f) or "/" not in f:
        continue
    print(f"  {100 * c / total:5.1f} %  {f[:150]}")
    shown += 1
    if shown == 25:
        break
PY
  if [ "$kind" = list ]; then
    # G4's latency: an open-model load at half the closed-loop rate (OpenModelLoad, as run-all.sh)
    [ -f "$work/cp.txt" ] || ./mvnw -B -q -Pbench dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$work/cp.txt" >/dev/null
    half=$(python3 -c "print(max(1, round(float('$rate') / 2)))")
    java -Xmx256m -cp "${PROFILE_TEST_CLASSES:-target/test-classes}:$(cat "$work/cp.txt")" no.grantreports.reexport.bench.OpenModelLoad \
      "http://127.0.0.1:$app_port$path" "$half" "$seconds" "$tok" 2>>"$work/open-model.log" | sed -n 's/^open-model: /open model at half the closed-loop rate: /p' \
      | tee -a "$out/profile-$kind.txt"
  fi
  echo "$kind: $rate req/s; $out/profile-$kind.html, $out/profile-$kind.txt"
done
echo "Raw output: $work"
