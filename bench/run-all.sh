#!/usr/bin/env bash
# The whole benchmark suite in one command. Builds the application once, starts one PostgreSQL
# (as an unprivileged user) that serves both the packaged application (-Xmx256m, like the
# integration tests) and the pgbench baselines, so both work on the same table and row count.
# Each benchmark prints its figures and its ratio last; at the end docs/benchmarks.md and one SVG
# chart per metric (docs/benchmarks/*.svg) are rewritten from the measured figures.
#
#   bench/run-all.sh [--quick]
#
#   --quick   100k jobs instead of 1M, 8 s rounds instead of 15 s, xlsx at 100k rows only:
#             about 10 minutes. Without it: 20 to 30 minutes.
#
# Each service measurement starts warm: warm-up rounds until the rate is steady, then an empty JIT
# compile queue (2 busy cores starve the C2 compiler for minutes).
#
# Environment: BENCH_CONNECTIONS (8) connections for wrk and pgbench alike; BENCH_APP_PORT (18600)
# and BENCH_PG_PORT (15600); BENCH_JFR=1 records a JFR file of the application (path printed);
# BENCH_APP_JAVA_OPTS adds JVM flags to the application's (e.g. -XX:TieredStopAtLevel=1 for an A/B);
# BENCH_SKIP_BUILD=1 reuses target/; BENCH_NO_DOCS=1 leaves docs/ alone; BENCH_SKIP_SLOW=1 skips
# M4/M5 and M7 (for quick before/after comparisons of the service); BENCH_ONLY="g4 m3" runs only the
# named parts (m1 m3 g4 m2 e2e m4 m7; the G summary and docs/ need all of them, so neither is written).
#
# M1  GET by id req/s (wrk) / pgbench select by primary key TPS, same connections, -M prepared
# M2  POST req/s (wrk) / pgbench single-row INSERT TPS, same server and commit settings
#     Ceilings under M1 and M2: the same requests answered by StackProbeResource (-Pbench only) with
#     less work than the service does (JSON only; + token; + pgbench's own statement via the pg client)
# M3  list page (20 items, status filter, 1M jobs): closed-loop req/s (wrk) / pgbench of the same two
#     statements, then p50/p99 under an open-model load at half that rate (OpenModelLoad: fixed rate,
#     latency from the intended send time, coordinated omission corrected)
# M4  xlsx time ours / Apache POI SXSSF; M5 rows/s ours / deflate limit (bench/xlsx-bench.sh)
# M7  cold start (bench/cold-start.sh, if present)
# E2E jobs/minute for small reports with worker concurrency = cores, and POST -> completed p50/p99
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
  *) echo "unknown option: $1 (use --quick)" >&2; exit 2 ;;
esac
if [ "$mode" = quick ]; then
  jobs_rows=100000; duration=8; rounds=2; warmup=5; xlsx_rows="100000"; e2e_burst=60; e2e_seconds=20
else
  jobs_rows=1000000; duration=15; rounds=3; warmup=10; xlsx_rows="100000 1000000"; e2e_burst=300; e2e_seconds=60
fi
conns=${BENCH_CONNECTIONS:-8}
app_port=${BENCH_APP_PORT:-18600}
pg_port=${BENCH_PG_PORT:-15600}
cores=$(nproc)
workers=${REEXPORT_WORKER_CONCURRENCY:-$cores}
pgbin=/usr/lib/postgresql/15/bin
org=org_bufdir_oslo_42
g4_org=org_bufdir_bergen_07   # G4: every tenth seeded job (100,000 of 1,000,000) is this organisation's
report=rpt_01HX9K2M3N4P5Q6R7S8T9U0V

for tool in wrk:wrk pgbench:postgresql-client python3:python3 java:openjdk-17-jdk-headless curl:curl openssl:openssl; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    echo "missing ${tool%%:*}: apt-get install ${tool#*:}" >&2; exit 1
  fi
done
[ -x "$pgbin/postgres" ] || { echo "missing PostgreSQL 15 server: apt-get install postgresql-15" >&2; exit 1; }

work=$(mktemp -d /tmp/reexport-bench.XXXXXX)
chmod 755 "$work"
results=$work/results.env
: > "$results"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -f "$work/pg/postmaster.pid" ] && setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
say() { echo "== $*" >&2; }
want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
put() { echo "$1=$2" >> "$results"; }
g() { sed -n "s/^$1=//p" "$results" | tail -1; }   # a figure put before
calc() { python3 -c "v = round($1, ${2:-2}); print(int(v) if ${2:-2} == 0 else v)"; }
sql() { psql -X -q -t -A -h 127.0.0.1 -p "$pg_port" -U postgres -d reexport -v ON_ERROR_STOP=1 "$@"; }

put mode "$mode"; put date "$(date -u +%Y-%m-%dT%H:%MZ)"; put cores "$cores"
put memory "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
put cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
put commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+changes')"
put java "$(java -version 2>&1 | head -1 | tr -d '"')"
put command "bench/run-all.sh${1:+ $1}"
put connections "$conns"; put jobs_rows "$jobs_rows"; put duration "$duration"; put rounds "$rounds"

# --- build once -------------------------------------------------------------------------------
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  say "building the application and the bench classes"
  ./mvnw -B -q -Pbench package -DskipTests >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
fi
./mvnw -B -q -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
bench_cp="$root/target/test-classes:$(cat "$work/cp.txt")"

# --- PostgreSQL (one server for the application and pgbench) ----------------------------------
say "starting PostgreSQL on port $pg_port"
mkdir -p "$work/pg" "$work/sock"
chown 65534:65534 "$work/pg" "$work/sock"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
LC_ALL=C as_nobody "$pgbin/initdb" -D "$work/pg" --locale=C -E UTF8 -A trust -U postgres >"$work/initdb.log"
# Server defaults for durability (fsync, synchronous_commit on): the app and pgbench commit alike.
LC_ALL=C as_nobody "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start -o \
  "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/sock -c shared_buffers=512MB -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" >/dev/null
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c 'CREATE DATABASE reexport' postgres
psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c 'CREATE EXTENSION pg_stat_statements' reexport
# statements per HTTP request, per phase: shows N+1 queries and extra round trips
statements() { # phase requests
  sql -c "SELECT round(calls::numeric / greatest($2, 1), 2) || ' per request, ' || round(mean_exec_time::numeric, 3) || ' ms: '
            || regexp_replace(left(query, 160), '\s+', ' ', 'g')
          FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'reexport')
            AND calls >= greatest($2, 1) / 10 AND userid = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')
          ORDER BY calls DESC LIMIT 12" > "$work/statements-$1.txt"
}
reset_statements() { sql -c 'SELECT pg_stat_statements_reset()' >/dev/null; }

# --- the packaged application -----------------------------------------------------------------
token=$(deploy/local/dev-token.sh --ttl 14400)
g4_token=$(deploy/local/dev-token.sh --ttl 14400 --org "$g4_org")
jfr_opt=()
if [ -n "${BENCH_JFR:-}" ]; then
  jfr_opt=("-XX:StartFlightRecording=filename=$work/app.jfr,settings=profile")
  put jfr "$work/app.jfr"
fi
# app.log line ranges ("from to") of each start-up (until the bench's first request to that
# instance: the service's own first scheduled queries run cold there too) and each warm-up: blocked
# threads are counted apart there, so that "during the measurements" is the service at steady state
log_lines() { if [ -f "$work/app.log" ]; then wc -l < "$work/app.log"; else echo 0; fi; }
startup_from=""
start_app() { # worker-concurrency (0: an API-only instance, which never builds files)
  say "starting the application on port $app_port (-Xmx256m, blocked-thread warnings on, $1 workers)"
  startup_from=$(log_lines)
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$pg_port/reexport" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/reexport" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION=deploy/local/dev-public.pem MP_JWT_VERIFY_ISSUER=https://reexport.local/dev \
  QUARKUS_LOG_CONSOLE_JSON_ENABLED=false REEXPORT_ADMISSION_MAX_PENDING=100000000 REEXPORT_WORKER_CONCURRENCY="$1" QUARKUS_HTTP_PORT="$app_port" REEXPORT_STORAGE_ROOT="$work/files" REEXPORT_DEMO_DATA_ENABLED=true \
    java -Xmx256m -Dquarkus.vertx.max-event-loop-execute-time=100ms -Dquarkus.vertx.warning-exception-time=100ms \
      "${jfr_opt[@]}" ${BENCH_APP_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >>"$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$app_port/q/health/ready" && return 0
    kill -0 "$app_pid" 2>/dev/null || { tail -40 "$work/app.log"; exit 1; }
    sleep 0.5
  done
  echo "application not ready after 60 s" >&2; tail -40 "$work/app.log"; exit 1
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }
# M1, M3 and M2 run against an API-only instance (worker concurrency 0), as the API tier of a
# deployment that builds files elsewhere: pgbench's INSERT starts no export either. M2 is then
# repeated with this instance's workers building every job on the same cores.
start_app 0
api="http://127.0.0.1:$app_port/api/v1/report-reexports"

say "seeding $jobs_rows jobs (every tenth of $g4_org)"
# Seeded ids reexp_0<25 digits> are valid ULIDs; none is pending, so the worker leaves them alone.
# i % 10 = 0 belongs to the G4 organisation; M1 and M3 use the other nine tenths ($org).
sql <<SQL
INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, locale,
    requested_by, requested_at, updated_at, completed_at, output_file_ref, output_file_size_bytes, attempt, next_attempt_at)
SELECT 'reexp_0' || lpad(i::text, 25, '0'), '$report', CASE WHEN i % 10 = 0 THEN '$g4_org' ELSE '$org' END,
       (ARRAY['completed','failed','cancelled','expired','completed'])[i % 5 + 1], 'xlsx', false, 'nb-NO',
       'user_09AXKL2', now() - i * interval '1 second', now(), now() - i * interval '1 second',
       'reports/$org/reexports/seed_' || i || '.xlsx', 1000, 1, now()
FROM generate_series(1, $jobs_rows) AS i;
CREATE SEQUENCE bench_insert_seq;
SQL
sql -c 'VACUUM ANALYZE' >/dev/null
put completed_in_table "$(sql -c "SELECT count(*) FROM reexport_job WHERE status = 'completed' AND org_id = '$org'")"
put g4_jobs "$(sql -c "SELECT count(*) FROM reexport_job WHERE org_id = '$g4_org'")"

# CPU seconds used so far by the application (all its threads: JIT and GC included) and by PostgreSQL
# (the postmaster, its live backends and, through cutime/cstime, the backends that have exited).
cpu() { # app|pg
  python3 - "$1" "$app_pid" "$(head -1 "$work/pg/postmaster.pid")" <<'PY'
import os, sys
hz = os.sysconf("SC_CLK_TCK")
def fields(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
if sys.argv[1] == "app":
    f = fields(sys.argv[2]); print(round((int(f[11]) + int(f[12])) / hz, 2)); sys.exit()
pm = sys.argv[3]; f = fields(pm); total = sum(int(x) for x in f[11:15])
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            c = fields(pid)
        except OSError:
            continue
        if c[1] == pm:
            total += int(c[11]) + int(c[12])
print(round(total / hz, 2))
PY
}

# wrk: prints req/s; refuses a run with errors
run_wrk() { # name lua-script path
  local out
  out=$(BENCH_TOKEN=$token BENCH_ROWS=$jobs_rows wrk -t2 -c"$conns" -d"${duration}s" -s "$2" "http://127.0.0.1:$app_port$3")
  echo "$out" >> "$work/wrk-$1.txt"
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    echo "wrk $1: errors:" >&2; grep -E 'Non-2xx|Socket errors' <<<"$out" >&2
  fi
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}
run_pgbench() { # name script
  local out
  out=$(pgbench -n -M prepared -c "$conns" -j 2 -T "$duration" -D rows="$jobs_rows" -f "$2" \
    -h 127.0.0.1 -p "$pg_port" -U postgres reexport 2>&1)
  echo "$out" >> "$work/pgbench-$1.txt"
  awk '/^tps = / {print $3}' <<<"$out"
}
# Warm-up until steady: rounds of $warmup seconds until one is within 5 % of the one before (at most
# 8 rounds), then the JIT queue must be empty. A fixed short warm-up left M1 at half its steady rate.
warm() { # lua path
  local prev=0 rate i from
  from=$(log_lines)
  if [ -n "$startup_from" ]; then
    echo "$startup_from $from" >> "$work/startup-lines.txt"; startup_from=""
  fi
  for i in $(seq 1 8); do
    rate=$(BENCH_TOKEN=$token BENCH_ROWS=$jobs_rows wrk -t2 -c"$conns" -d"${warmup}s" -s "$1" "http://127.0.0.1:$app_port$2" \
      | awk '/^Requests\/sec:/ {print $2}')
    echo "warm-up $2 round $i: $rate req/s" >> "$work/warmup.txt"
    python3 -c "import sys; a, b = float(sys.argv[1] or 0), float(sys.argv[2] or 0); sys.exit(0 if b > 0 and abs(a - b) <= 0.05 * b else 1)" \
      "$rate" "$prev" && break
    prev=$rate
  done
  settle_jit
  echo "$from $(log_lines)" >> "$work/warmup-lines.txt"
}
# On 2 busy cores the JIT's C2 thread is starved: after a warm-up its queue can still hold hundreds
# of hot methods, and until it drains the service runs partly on C1 code. Measure steady state:
# wait (at most 2 minutes) until the compile queue is empty.
settle_jit() {
  local i
  for i in $(seq 1 120); do
    [ "$(jcmd "$app_pid" Compiler.queue 2>/dev/null | awk '/compile queue:/ {q = 1; next} q && NF && !/^Empty/ {n++} END {print n + 0}')" = 0 ] \
      && { put_jit "$i"; return 0; }
    sleep 1
  done
  put_jit 120
}
put_jit() { echo "jit queue drained after ${1}s" >> "$work/jit.txt"; }
# The machine is shared: service and pgbench alternate, $rounds times each, so a change in the
# background load hits both sides. Prints "service-mean pgbench-mean ratio".
compare() { # name lua path pgbench-script
  local app=() pg=() i a0 p0 app_cpu=0 pg_cpu=0 base_cpu=0 app_only=0 a1
  reset_statements
  for i in $(seq 1 "$rounds"); do
    a0=$(cpu app); p0=$(cpu pg)
    app+=("$(run_wrk "$1" "$2" "$3")")
    a1=$(cpu app)
    app_only=$(calc "$app_only + $a1 - $a0" 3)
    app_cpu=$(calc "$app_cpu + $a1 - $a0 + $(cpu pg) - $p0" 3)
    ${between:-true}
    p0=$(cpu pg)
    pg+=("$(run_pgbench "$1" "$4")")
    pg_cpu=$(calc "$pg_cpu + $(cpu pg) - $p0" 3)
  done
  local total txs
  total=$(awk '/requests in/ {n += $1} END {print n}' "$work/wrk-$1.txt")
  txs=$(awk '/number of transactions actually processed/ {n += $NF} END {print n}' "$work/pgbench-$1.txt")
  statements "$1" "$total"
  # the application's own CPU per request (G5: without PostgreSQL's share)
  calc "1000 * $app_only / max($total, 1)" 3 > "$work/app-cpu-$1.txt"
  # server CPU per request (application + PostgreSQL) and per pgbench transaction (PostgreSQL): a
  # figure the background load of a shared machine hardly moves, unlike throughput
  python3 -c "import sys; a=[float(x) for x in sys.argv[1].split()]; p=[float(x) for x in sys.argv[2].split()]
ma=sum(a)/len(a); mp=sum(p)/len(p); ca=1000*$app_cpu/max($total,1); cp=1000*$pg_cpu/max($txs,1)
print(round(ma, 1), round(mp, 1), round(ma/mp, 3), round(ca, 3), round(cp, 3), round(cp/ca, 3))" "${app[*]}" "${pg[*]}"
}
open_model() { # url rate seconds [body]
  java -Xmx256m -Dconnections="$conns" -Dwarmup="${warmup_s:-0}" -cp "$bench_cp" no.grantreports.reexport.bench.OpenModelLoad "$@" 2>>"$work/open-model.log" \
    | sed -n 's/^open-model: //p' | sed 's/  *$//'
}
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

cat > "$work/get.lua" <<'LUA'
local tenths = math.floor(tonumber(os.getenv("BENCH_ROWS")) / 10)
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
request = function()
  -- a random job of the token's organisation: the seeded ids that are not a multiple of ten
  return wrk.format("GET", string.format("/api/v1/report-reexports/reexp_0%025d", math.random(0, tenths - 1) * 10 + math.random(1, 9)))
end
LUA
cat > "$work/get.sql" <<SQL
\set k random(0, :rows / 10 - 1)
\set j random(1, 9)
\set n :k * 10 + :j
SELECT * FROM reexport_job WHERE reexport_id = 'reexp_0' || lpad(:n::text, 25, '0') AND org_id = '$org';
SQL
echo '-- no token, no body: the HTTP floor' > "$work/floor.lua"
cat > "$work/list.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA
cat > "$work/list.sql" <<SQL
SELECT * FROM reexport_job WHERE org_id = '$org' AND status IN ('completed')
  ORDER BY requested_at DESC, reexport_id DESC LIMIT 20 OFFSET 0;
SELECT count(*) FROM reexport_job WHERE org_id = '$org' AND status IN ('completed');
SQL
body='{"report_id":"'$report'","export_params":{"format":"xlsx","include_annexes":false,"locale":"nb-NO"}}'
echo "$body" > "$work/post.json"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
LUA
# pending like the application's rows (so the ready index is maintained), but never due: no worker claims them
cat > "$work/insert.sql" <<SQL
INSERT INTO reexport_job (reexport_id, report_id, org_id, status, format, include_annexes, locale,
    notify_on_completion, requested_by, requested_at, updated_at, next_attempt_at)
VALUES ('reexp_1' || lpad(nextval('bench_insert_seq')::text, 25, '0'), '$report', '$org', 'pending', 'xlsx', false,
    'nb-NO', false, 'user_09AXKL2', now(), now(), 'infinity');
SQL

drain() { # waits until the worker has nothing left to do
  for _ in $(seq 1 1200); do
    [ "$(sql -c "SELECT count(*) FROM reexport_job WHERE status IN ('pending','processing') AND next_attempt_at <> 'infinity'")" = 0 ] && return 0
    sleep 0.5
  done
  echo "jobs still pending or processing after 10 minutes" >&2; return 1
}
# After a POST round the worker would go on building files while pgbench runs: cancel the backlog.
settle_backlog() {
  sql -c "UPDATE reexport_job SET status = 'cancelled', cancelled_at = now(), updated_at = now(), version = version + 1
          WHERE status = 'pending' AND next_attempt_at <> 'infinity'" >/dev/null
  drain
}

if want m1; then
# --- M1 ---------------------------------------------------------------------------------------
say "M1: GET by id"
warm "$work/get.lua" /
read -r m1_app m1_pg m1 m1_cpu_app m1_cpu_pg m1_cpu <<<"$(compare get "$work/get.lua" / "$work/get.sql")"
put m1_cpu_app "$m1_cpu_app"; put m1_cpu_pg "$m1_cpu_pg"; put m1_cpu "$m1_cpu"
echo "M1 server CPU: $m1_cpu_app ms per request (application + PostgreSQL), $m1_cpu_pg ms per pgbench transaction, ratio $m1_cpu"
put m1_app "$m1_app"; put m1_pg "$m1_pg"; put m1 "$m1"
echo "M1 GET by id: app $m1_app req/s, pgbench $m1_pg tps ($conns connections, $jobs_rows rows), ratio $m1 (goal >= 0.5)"
# The floor under M1: the same server answering a request with no token and no database work.
floor=$(run_wrk floor "$work/floor.lua" /q/health/live)
put floor "$floor"; put m1_floor "$(calc "$m1_app / $floor" 3)"
echo "HTTP floor: /q/health/live $floor req/s; M1 / floor $(calc "$m1_app / $floor" 3)"
# The stack's ceiling under M1 (StackProbeResource, built into the application by -Pbench only):
# the GET's JSON answered by the same server with no token and no database, then behind the token
# check, then with pgbench's own SELECT through the reactive pg client (no Hibernate). Each layer
# is warmed up to steady state and run once; its ratio is to M1's pgbench mean.
say "M1 ceiling: the stack's layers"
echo 'request = function() return wrk.format("GET", "/bench-probes/static") end' > "$work/probe-static.lua"
for layer in authenticated sql; do
  sed "s#/api/v1/report-reexports/#/bench-probes/$layer/#" "$work/get.lua" > "$work/probe-$layer.lua"
done
for layer in static authenticated sql; do
  warm "$work/probe-$layer.lua" /
  rate=$(run_wrk "probe-$layer" "$work/probe-$layer.lua" /)
  put "probe_$layer" "$rate"; put "probe_${layer}_ratio" "$(calc "$rate / $m1_pg" 3)"
done
echo "M1 ceiling (req/s, ratio to pgbench $m1_pg): JSON only $(g probe_static) ($(g probe_static_ratio));" \
  "+ token $(g probe_authenticated) ($(g probe_authenticated_ratio)); + SELECT via pg client $(g probe_sql)" \
  "($(g probe_sql_ratio)); the service's GET $m1_app ($m1)"

fi

if want m3; then
# --- M3 ---------------------------------------------------------------------------------------
say "M3: list page"
list_path="/api/v1/report-reexports?status=completed&limit=20"
warm "$work/list.lua" "$list_path"
read -r m3_app m3_pg m3 m3_cpu_app m3_cpu_pg m3_cpu <<<"$(compare list "$work/list.lua" "$list_path" "$work/list.sql")"
put m3_cpu_app "$m3_cpu_app"; put m3_cpu_pg "$m3_cpu_pg"; put m3_cpu "$m3_cpu"
echo "M3 server CPU: $m3_cpu_app ms per request (application + PostgreSQL), $m3_cpu_pg ms per pgbench transaction, ratio $m3_cpu"
m3_rate=$(calc "$m3_app / 2" 0)
[ "$m3_rate" -ge 1 ] || m3_rate=1
m3_open=$(warmup_s=3 open_model "http://127.0.0.1:$app_port$list_path" "$m3_rate" "$duration" "$token")
put m3_app "$m3_app"; put m3_pg "$m3_pg"; put m3 "$m3"; put m3_rate "$m3_rate"
put m3_p50 "$(field "$m3_open" p50_ms)"; put m3_p90 "$(field "$m3_open" p90_ms)"; put m3_p99 "$(field "$m3_open" p99_ms)"
put m3_errors "$(field "$m3_open" errors)"
echo "M3 list page (20 of $(g completed_in_table) completed in $jobs_rows jobs): app $m3_app req/s closed-loop;" \
  "open model at $m3_rate req/s: p50 $(field "$m3_open" p50_ms) ms, p99 $(field "$m3_open" p99_ms) ms, errors $(field "$m3_open" errors);" \
  "pgbench same statements $m3_pg tps, ratio $m3 (no goal set)"

fi

if want g4; then
# --- G4 ---------------------------------------------------------------------------------------
# The list page API consumers ask for most: one organisation's newest jobs, no filter, with the exact
# total the contract requires; 100,000 of that organisation's jobs among the 1,000,000.
say "G4: list page of one organisation ($(g g4_jobs) of $jobs_rows jobs)"
g4_path="/api/v1/report-reexports?limit=20"
main_token=$token; token=$g4_token
warm "$work/list.lua" "$g4_path"
g4_closed=$(run_wrk g4 "$work/list.lua" "$g4_path")
token=$main_token
g4_total=$(curl -sf -H "Authorization: Bearer $g4_token" "http://127.0.0.1:$app_port$g4_path" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["pagination"]["total"])')
g4_rate=$(calc "max(1, $g4_closed / 2)" 0)
g4_open=$(warmup_s=3 open_model "http://127.0.0.1:$app_port$g4_path" "$g4_rate" "$duration" "$g4_token")
put g4_app "$g4_closed"; put g4_rate "$g4_rate"; put g4_total "$g4_total"
put g4_p50 "$(field "$g4_open" p50_ms)"; put g4_p90 "$(field "$g4_open" p90_ms)"; put g4_p99 "$(field "$g4_open" p99_ms)"
put g4_errors "$(field "$g4_open" errors)"
echo "G4 list page of one organisation ($(g g4_jobs) of $jobs_rows jobs): closed loop $g4_closed req/s; open model at" \
  "$g4_rate req/s: p50 $(g g4_p50) ms, p99 $(g g4_p99) ms, errors $(g g4_errors) (goal p99 <= 50 ms); total $g4_total" \
  "(exact: $(g g4_jobs))"
[ "$g4_total" = "$(g g4_jobs)" ] || echo "G4: the page's total $g4_total is not the organisation's $(g g4_jobs) jobs" >&2

fi

if want m2; then
# --- M2 ---------------------------------------------------------------------------------------
say "M2: POST (API-only instance)"
warm "$work/post.lua" /api/v1/report-reexports
settle_backlog
between=settle_backlog
read -r m2_app m2_pg m2 m2_cpu_app m2_cpu_pg m2_cpu <<<"$(compare post "$work/post.lua" /api/v1/report-reexports "$work/insert.sql")"
put m2_cpu_app "$m2_cpu_app"; put m2_cpu_pg "$m2_cpu_pg"; put m2_cpu "$m2_cpu"
echo "M2 server CPU: $m2_cpu_app ms per request (application + PostgreSQL), $m2_cpu_pg ms per pgbench transaction, ratio $m2_cpu"
put m2_app "$m2_app"; put m2_pg "$m2_pg"; put m2 "$m2"
echo "M2 POST: app $m2_app req/s, pgbench single-row INSERT $m2_pg tps ($conns connections), ratio $m2 (goal >= 0.6)"
settle_backlog
# The ceiling under M2: the same body and token, and pgbench's own INSERT through the pg client
# (rows never due, like pgbench's), no report lookup, no transaction block, no Hibernate.
warm "$work/post.lua" /bench-probes/sql
probe_post=$(run_wrk probe-post "$work/post.lua" /bench-probes/sql)
put probe_post "$probe_post"; put probe_post_ratio "$(calc "$probe_post / $m2_pg" 3)"
echo "M2 ceiling: authenticated POST + one INSERT via pg client $probe_post req/s, ratio to pgbench $(g probe_post_ratio);" \
  "the service's POST $m2_app ($m2)"
stop_app

say "M2 with workers: POST while the same instance builds every job"
start_app "$workers"
warm "$work/post.lua" /api/v1/report-reexports
settle_backlog
read -r m2w_app m2w_pg m2w m2w_cpu_app m2w_cpu_pg m2w_cpu <<<"$(compare postw "$work/post.lua" /api/v1/report-reexports "$work/insert.sql")"
put m2w_app "$m2w_app"; put m2w_pg "$m2w_pg"; put m2w "$m2w"; put m2w_cpu_app "$m2w_cpu_app"; put m2w_cpu_pg "$m2w_cpu_pg"; put m2w_cpu "$m2w_cpu"
echo "M2 with $workers workers building every job: app $m2w_app req/s, pgbench INSERT $m2w_pg tps, ratio $m2w;" \
  "server CPU $m2w_cpu_app ms per request (includes the files) vs $m2w_cpu_pg, ratio $m2w_cpu"
drain
between=true
elif want e2e; then
  stop_app
  start_app "$workers"
fi

if want e2e; then
# --- E2E --------------------------------------------------------------------------------------
say "E2E: $e2e_burst small reports in a burst, then an open-model load"
mark=$(sql -c "SELECT clock_timestamp()")
open_model "$api" 100 "$(calc "$e2e_burst / 100" 2)" "$token" "$work/post.json" >/dev/null
drain
read -r e2e_done e2e_failed e2e_span e2e_service <<<"$(sql -F ' ' -c "
  SELECT count(*) FILTER (WHERE status = 'completed'), count(*) FILTER (WHERE status = 'failed'),
         extract(epoch FROM max(completed_at) - min(requested_at)),
         extract(epoch FROM avg(completed_at - started_at))
  FROM reexport_job WHERE requested_at >= '$mark' AND next_attempt_at <> 'infinity'")"
e2e_jpm=$(calc "$e2e_done * 60 / $e2e_span" 0)
e2e_eff=$(calc "$e2e_jpm / ($workers * 60 / $e2e_service)")
e2e_rate=$(calc "max(0.5, $e2e_jpm / 60 / 2)" 1)
mark=$(sql -c "SELECT clock_timestamp()")
e2e_open=$(open_model "$api" "$e2e_rate" "$e2e_seconds" "$token" "$work/post.json")
drain
read -r e2e_p50 e2e_p99 e2e_n <<<"$(sql -F ' ' -c "
  SELECT round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY completed_at - requested_at))),
         round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY completed_at - requested_at))),
         count(*)
  FROM reexport_job WHERE requested_at >= '$mark' AND status = 'completed'")"
put e2e_jpm "$e2e_jpm"; put e2e_failed "$e2e_failed"; put e2e_service_ms "$(calc "$e2e_service * 1000" 0)"
put e2e_eff "$e2e_eff"; put e2e_rate "$e2e_rate"; put e2e_p50 "$e2e_p50"; put e2e_p99 "$e2e_p99"; put e2e_n "$e2e_n"
put e2e_post_p99 "$(field "$e2e_open" p99_ms)"
echo "E2E: $e2e_done small reports (xlsx) at $workers workers: $e2e_jpm jobs/min (failed $e2e_failed);" \
  "at $e2e_rate jobs/s open model: POST -> completed p50 $e2e_p50 ms, p99 $e2e_p99 ms ($e2e_n jobs);" \
  "jobs/min / (workers x 60 s / mean export $(calc "$e2e_service * 1000" 0) ms), ratio $e2e_eff (no goal set)"
fi

# Vert.x repeats its warning at every check while a thread stays blocked: count episodes, not lines
# (a new episode when a thread's blocked time does not grow).
episodes() {
  awk 'match($0, /Thread\[[^,]*,/) && match($0, /blocked for [0-9]+ ms/) {
         t = $0; sub(/.*Thread\[/, "", t); sub(/,.*/, "", t)
         ms = $0; sub(/.*blocked for /, "", ms); sub(/ ms.*/, "", ms); ms += 0
         if (!(t in prev) || ms <= prev[t]) n++
         prev[t] = ms
       } END {print n + 0}'
}
# the log lines inside (1) or outside (0) the ranges of a file of "from to" lines
lines_in() { # 1|0 ranges-file
  awk -v want="$1" 'NR == FNR {a[++n] = $1; b[n] = $2; next}
    {x = 0; for (i = 1; i <= n; i++) if (FNR > a[i] && FNR <= b[i]) x = 1} x == want' "$2" "$work/app.log"
}
cat "$work/startup-lines.txt" "$work/warmup-lines.txt" > "$work/unmeasured-lines.txt"
blocked=$(lines_in 0 "$work/unmeasured-lines.txt" | episodes)
blocked_warm=$(lines_in 1 "$work/warmup-lines.txt" | episodes)
blocked_start=$(lines_in 1 "$work/startup-lines.txt" | episodes)
errors=$(grep -c ' ERROR ' "$work/app.log" || true)   # the whole log, start-up included
# with every job done, no pooled connection may still be in use (a leak would stay here)
curl -s "http://127.0.0.1:$app_port/q/metrics" > "$work/metrics.txt"
pool_active=$(awk '/^sql_pool_active\{.*pool_type="sql"/ {s += $2} END {print s + 0}' "$work/metrics.txt")
# mean wait for a pooled connection over the whole run: a pool too small shows here
pool_wait=$(awk '/^sql_pool_queue_delay_seconds_sum\{.*pool_type="sql"/ {s = $2} /^sql_pool_queue_delay_seconds_count\{.*pool_type="sql"/ {n = $2}
  END {printf "%.2f", n ? 1000 * s / n : 0}' "$work/metrics.txt")
put pool_wait_ms "$pool_wait"
put blocked_unit episodes; put blocked "$blocked"; put blocked_warm "$blocked_warm"; put blocked_start "$blocked_start"; put app_errors "$errors"; put pool_active "$pool_active"
echo "Blocked-thread episodes (Vert.x, event loop > 100 ms) during the measurements: $blocked (in warm-ups, the first use of each endpoint: $blocked_warm; in start-up: $blocked_start); ERROR log lines: $errors; pool connections still in use when idle: $pool_active; mean wait for a pooled connection: $pool_wait ms"
stop_app
cp "$work/app.log" "$work/app-run.log"

# --- M4 / M5 ----------------------------------------------------------------------------------
if [ -n "${BENCH_SKIP_SLOW:-}" ] || ! want m4; then
  echo "M4/M5 skipped: BENCH_SKIP_SLOW or BENCH_ONLY"
else
  say "M4/M5: bench/xlsx-bench.sh $xlsx_rows"
  # shellcheck disable=SC2086
  bench/xlsx-bench.sh $xlsx_rows | tee "$work/xlsx.txt" >&2
  last=$(grep '^rows=' "$work/xlsx.txt" | tail -1)
  m4=$(sed -E 's/.*ours\/POI = ([0-9.]+).*/\1/' <<<"$last")
  m5=$(sed -E 's/.*ours\/deflate-limit = ([0-9.]+).*/\1/' <<<"$last")
  xrows=$(sed -E 's/^rows=([0-9]+).*/\1/' <<<"$last")
  read -r ours_s poi_s deflate_s < <(awk -v r="$xrows" '$2 == r {t[$1] = $3} END {print t["fastexcel"], t["poi-sxssf"], t["deflate-4"]}' "$work/xlsx.txt")
  put m4 "$m4"; put m5 "$m5"; put xlsx_rows "$xrows"; put xlsx_ours_s "$ours_s"; put xlsx_poi_s "$poi_s"; put xlsx_deflate_s "$deflate_s"
  echo "M4 xlsx $xrows x 10: ours $ours_s s, POI SXSSF $poi_s s, ratio $m4 (goal <= 0.5)"
  echo "M5 xlsx $xrows x 10: ours $ours_s s, deflate limit $deflate_s s, rows/s ratio $m5 (goal >= 0.4)"
fi

# --- M7 ---------------------------------------------------------------------------------------
if [ -n "${BENCH_SKIP_SLOW:-}" ] || ! want m7; then
  echo "M7 skipped: BENCH_SKIP_SLOW or BENCH_ONLY"
  put m7_line "M7 skipped: BENCH_SKIP_SLOW or BENCH_ONLY"
elif [ -x bench/cold-start.sh ]; then
  say "M7: bench/cold-start.sh"
  m7_line=$(bench/cold-start.sh 2>&1 | tee "$work/cold-start.txt" | tail -1)
  echo "$m7_line"
  put m7_line "$m7_line"
else
  echo "M7 skipped: bench/cold-start.sh missing"
  put m7_line "M7 skipped: bench/cold-start.sh missing"
fi

# --- G1-G5 (issue 16): the service against its own stack's ceilings, measured in this run -------
if [ -n "${BENCH_ONLY:-}" ]; then
  echo "Raw output: $work (BENCH_ONLY=$BENCH_ONLY: no G summary, docs/ untouched)"
  exit 0
fi
put m1_cpu_app_only "$(cat "$work/app-cpu-get.txt")"
put g1 "$(calc "$m1_app / $(g probe_sql)" 3)"; put g2 "$(calc "$m2_app / $(g probe_post)" 3)"
put g3 "$(calc "$(g probe_authenticated) / $(g probe_static)" 3)"; put g4 "$(g g4_p99)"; put g5 "$(g m1_cpu_app_only)"
echo "G1 GET by id / ceiling \"token + SELECT via pg client\": $m1_app / $(g probe_sql) = $(g g1) (goal >= 0.90)"
echo "G2 POST / ceiling \"token + body + INSERT via pg client\": $m2_app / $(g probe_post) = $(g g2) (goal >= 0.85)"
echo "G3 ceiling \"+ token\" / \"JSON only\": $(g probe_authenticated) / $(g probe_static) = $(g g3) (goal >= 0.80)"
echo "G4 list page of one organisation ($(g g4_jobs) of $jobs_rows jobs), p99 at $(g g4_rate) req/s open model: $(g g4) ms (goal <= 50 ms)"
echo "G5 application CPU per GET by id (PostgreSQL's share excluded): $(g g5) ms (goal <= 0.10 ms)"
echo "Raw output: $work"
if [ -z "${BENCH_NO_DOCS:-}" ]; then
  python3 bench/report.py "$results" docs/benchmarks.md docs/benchmarks
  cp "$results" docs/benchmarks/results.env   # the raw figures: python3 bench/report.py redraws from them
  echo "Wrote docs/benchmarks.md, docs/benchmarks/*.svg and docs/benchmarks/results.env"
fi
