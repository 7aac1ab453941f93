#!/usr/bin/env python3
"""Writes docs/benchmarks.md and one SVG chart per metric from the results of bench/run-all.sh.

    bench/report.py RESULTS_ENV OUT_MD CHART_DIR

RESULTS_ENV holds key=value lines. The findings (before/after ratios of the fixes) are kept by hand
in bench/findings.md and copied in verbatim. Plain python3, no extra packages.
"""
import html
import os
import re
import sys


def load(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                values[key] = value
    return values


def num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


COLORS = ["#2b6cb0", "#a0aec0", "#dd6b20", "#38a169"]


def bar_chart(path, title, subtitle, bars, unit):
    """Horizontal bars, one per (label, value); the first is ours."""
    bars = [(label, value) for label, value in bars if value is not None]
    width, left, right, top, row = 720, 230, 130, 64, 34
    height = top + row * max(1, len(bars)) + 24
    biggest = max([v for _, v in bars] + [1e-9])
    scale = (width - left - right) / biggest
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="12" y="24" font-size="16" font-weight="bold">{html.escape(title)}</text>',
           f'<text x="12" y="46" fill="#4a5568">{html.escape(subtitle)}</text>']
    for i, (label, value) in enumerate(bars):
        y = top + i * row
        w = max(1.0, value * scale)
        out.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{html.escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 10}" fill="{COLORS[i % len(COLORS)]}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 17}">{value:,.1f} {html.escape(unit)}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    results, out_md, chart_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    r = load(results)
    os.makedirs(chart_dir, exist_ok=True)
    rel = os.path.relpath(chart_dir, os.path.dirname(out_md) or ".")
    g = r.get
    conns, rows = g("connections"), int(g("jobs_rows", "0"))
    rows_txt = f"{rows:,}"

    charts = []  # (file, alt)

    def chart(name, title, subtitle, bars, unit):
        bar_chart(os.path.join(chart_dir, name), title, subtitle, bars, unit)
        charts.append((name, title))

    chart("m1-get-by-id.svg", "M1 GET by id: requests/s vs pgbench select by primary key",
          f"{conns} connections, {rows_txt} jobs; ratio {g('m1')} (goal >= 0.5)",
          [("service (wrk)", num(g("m1_app"))), ("pgbench -M prepared", num(g("m1_pg")))]
          + ([("HTTP floor: /q/health/live", num(g("floor")))] if g("floor") else []), "/s")
    if g("probe_sql"):
        chart("m1-ceiling.svg", "M1 ceiling: the GET's layers, requests/s (StackProbeResource)",
              f"ratio to pgbench: JSON only {g('probe_static_ratio')}, + token {g('probe_authenticated_ratio')}, "
              f"+ SELECT {g('probe_sql_ratio')}, service {g('m1')}",
              [("pgbench select by PK", num(g("m1_pg"))), ("JSON only", num(g("probe_static"))),
               ("+ bearer token", num(g("probe_authenticated"))), ("+ SELECT via pg client", num(g("probe_sql"))),
               ("the service's GET", num(g("m1_app")))], "/s")
    if g("probe_post"):
        chart("m2-ceiling.svg", "M2 ceiling: POST + pgbench's INSERT via the pg client, requests/s",
              f"ratio to pgbench: probe {g('probe_post_ratio')}, service {g('m2')} (goal >= 0.6)",
              [("pgbench INSERT", num(g("m2_pg"))), ("token + body + INSERT", num(g("probe_post"))),
               ("the service's POST", num(g("m2_app")))], "/s")
    chart("cpu-per-request.svg", "Server CPU per request: service (app + PostgreSQL) vs pgbench (PostgreSQL)",
          "milliseconds of CPU; unlike throughput, hardly moved by other load on a shared machine",
          [("M1 GET service", num(g("m1_cpu_app"))), ("M1 pgbench", num(g("m1_cpu_pg"))),
           ("M3 list service", num(g("m3_cpu_app"))), ("M3 pgbench", num(g("m3_cpu_pg"))),
           ("M2 POST service", num(g("m2_cpu_app"))), ("M2 pgbench", num(g("m2_cpu_pg")))]
          + ([("M2 POST + files", num(g("m2w_cpu_app")))] if g("m2w_cpu_app") else []), "ms")
    chart("m2-post.svg", "M2 POST: requests/s vs pgbench single-row INSERT",
          f"{conns} connections, same server and commit settings; ratio {g('m2')} (goal >= 0.6)"
          + (f"; with its workers building every job {g('m2w')}" if g("m2w") else ""),
          [("service, API-only (wrk)", num(g("m2_app"))), ("pgbench INSERT", num(g("m2_pg")))]
          + ([("service + workers (wrk)", num(g("m2w_app"))), ("pgbench INSERT (same rounds)", num(g("m2w_pg")))]
             if g("m2w_app") else []), "/s")
    chart("m3-list-latency.svg", "M3 list page (20 items, status filter): latency, open model",
          f"{rows_txt} jobs; fixed rate {g('m3_rate')} req/s (half the closed-loop {g('m3_app')} req/s); "
          f"throughput ratio to pgbench {g('m3')}",
          [("p50", num(g("m3_p50"))), ("p90", num(g("m3_p90"))), ("p99", num(g("m3_p99")))], "ms")
    chart("m3-list-throughput.svg", "M3 list page: requests/s vs pgbench of the same two statements",
          f"{conns} connections, {rows_txt} jobs; ratio {g('m3')}",
          [("service (wrk)", num(g("m3_app"))), ("pgbench list + count", num(g("m3_pg")))], "/s")
    xr = int(g("xlsx_rows", "0") or 0)
    chart("m4-xlsx-vs-poi.svg", f"M4 xlsx {xr:,} rows x 10: seconds, ours vs Apache POI SXSSF",
          f"ratio ours/POI {g('m4')} (goal <= 0.5)",
          [("ours (fastexcel)", num(g("xlsx_ours_s"))), ("POI SXSSF", num(g("xlsx_poi_s")))], "s")
    ours_s, deflate_s = num(g("xlsx_ours_s")), num(g("xlsx_deflate_s"))
    chart("m5-xlsx-vs-deflate.svg", f"M5 xlsx {xr:,} rows x 10: rows/s, ours vs the deflate limit",
          f"ratio {g('m5')} (goal >= 0.4)",
          [("ours (fastexcel)", xr / ours_s if ours_s else None),
           ("Deflater level 4", xr / deflate_s if deflate_s else None)], "rows/s")
    m7 = g("m7_line", "")
    m = re.search(r"plain ([0-9.]+) ms, aot ([0-9.]+) ms", m7)
    if m:
        chart("m7-cold-start.svg", "M7 cold start: time to the first answer", m7,
              [("AOT cache", float(m.group(2))), ("plain JVM", float(m.group(1)))], "ms")
    chart("e2e-jobs.svg", "End to end: POST -> completed, small reports",
          f"{g('e2e_jpm')} jobs/min at {g('cores')} workers; latency at {g('e2e_rate')} jobs/s (open model)",
          [("p50", num(g("e2e_p50"))), ("p99", num(g("e2e_p99")))], "ms")

    findings_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "findings.md")
    findings = open(findings_path, encoding="utf-8").read() if os.path.exists(findings_path) else ""

    rows_md = [
        ("M1 GET by id", f"{g('m1_app')} req/s", f"pgbench select by PK {g('m1_pg')} tps", g("m1"), ">= 0.5"),
        ("M1 server CPU", f"{g('m1_cpu_app')} ms/request (app + PostgreSQL)", f"{g('m1_cpu_pg')} ms/transaction",
         g("m1_cpu"), "(diagnostic)"),
        ("HTTP floor (no token, no database)", f"/q/health/live {g('floor', '—')} req/s", "M1 GET by id", g("m1_floor", "—"),
         "(diagnostic)"),
        ("M1 ceiling: JSON only / + token / + SELECT via pg client (probes)",
         f"{g('probe_static', '—')} / {g('probe_authenticated', '—')} / {g('probe_sql', '—')} req/s",
         "M1's pgbench", f"{g('probe_static_ratio', '—')} / {g('probe_authenticated_ratio', '—')} / "
         f"{g('probe_sql_ratio', '—')}", "(what the stack allows)"),
        ("M2 POST (API-only instance)", f"{g('m2_app')} req/s", f"pgbench INSERT {g('m2_pg')} tps", g("m2"), ">= 0.6"),
        ("M2 ceiling: token + body + one INSERT via pg client (probe)", f"{g('probe_post', '—')} req/s",
         "M2's pgbench", g("probe_post_ratio", "—"), "(what the stack allows)"),
        ("M2 server CPU", f"{g('m2_cpu_app')} ms/request (app + PostgreSQL)",
         f"{g('m2_cpu_pg')} ms/transaction", g("m2_cpu"), "(diagnostic)"),
        ("M2 POST, workers building every job", f"{g('m2w_app', '—')} req/s; {g('m2w_cpu_app', '—')} ms CPU/request with the files",
         f"pgbench INSERT {g('m2w_pg', '—')} tps", g("m2w", "—"), "(single-instance view)"),
        ("M3 list page", f"{g('m3_app')} req/s; at {g('m3_rate')} req/s p50 {g('m3_p50')} ms, p99 {g('m3_p99')} ms",
         f"pgbench list + count {g('m3_pg')} tps", g("m3"), "none set"),
        ("M3 server CPU", f"{g('m3_cpu_app')} ms/request (app + PostgreSQL)", f"{g('m3_cpu_pg')} ms/transaction",
         g("m3_cpu"), "(diagnostic)"),
        ("M4 xlsx vs POI", f"{g('xlsx_ours_s')} s ({xr:,} rows)", f"POI SXSSF {g('xlsx_poi_s')} s", g("m4"), "<= 0.5"),
        ("M5 xlsx vs deflate", f"{g('xlsx_ours_s')} s", f"Deflater {g('xlsx_deflate_s')} s", g("m5"), ">= 0.4"),
        ("M7 cold start", m7, "", (m7.split("ratio ")[1].split(" ")[0] if "ratio " in m7 else "—"), "<= 0.2, aot <= 1.0 s; first POST < 100 ms"),
        ("E2E", f"{g('e2e_jpm')} jobs/min; p50 {g('e2e_p50')} ms, p99 {g('e2e_p99')} ms POST -> completed",
         f"workers x 60 s / mean export {g('e2e_service_ms')} ms", g("e2e_eff"), "none set"),
        (f"Blocked-thread {g('blocked_unit', 'warning lines')}",
         (f"{g('blocked')} during the measurements ({g('blocked_warm')} in warm-ups, the first use of each endpoint; "
          f"{g('blocked_start')} in start-up)" if g("blocked_warm") is not None
          else f"{g('blocked')} during the benchmarks ({g('blocked_start')} in start-up and warm-up)"),
         "", "", "0"),
        ("ERROR log lines / pool connections in use when idle", f"{g('app_errors')} / {g('pool_active')}", "", "", "0 / 0"),
        ("Mean wait for a pooled connection", f"{g('pool_wait_ms')} ms", "", "", ""),
    ]
    lines = [
        "# Benchmarks",
        "",
        "<!-- Written by bench/run-all.sh (bench/report.py); edit bench/findings.md or the script instead. -->",
        "",
        f"Last run: **{g('date')}**, `{g('command')}` ({g('mode')} mode), commit `{g('commit')}`.",
        f"Machine: {g('cores')} cores ({g('cpu')}), {g('memory')} memory; {g('java')}. "
        "The machine is shared with other builds: compare the ratios (both sides measured in the same run), "
        "not absolute figures across runs.",
        "",
        f"Application: the packaged jar with `-Xmx256m` (the integration tests' heap), one PostgreSQL 15 for the "
        f"application and pgbench (default durability: `fsync` and `synchronous_commit` on), {rows_txt} jobs seeded "
        f"with `generate_series`, {conns} connections for wrk and pgbench alike.",
        "",
        "| Metric | Service | Baseline | Ratio | Goal |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows_md]
    lines += ["", "## Charts", ""]
    lines += [f"![{alt}]({rel}/{name})" + "\n" for name, alt in charts]
    lines += [
        "## How each figure is measured",
        "",
        "- **M1**: `wrk -t2 -c{C}` GETs `/api/v1/report-reexports/{id}` with random seeded ids and a bearer token; "
        "pgbench `-M prepared -c {C}` runs the same select (`reexport_id = $1 AND org_id = $2`) on the same table.",
        "- **M2**: `wrk` POSTs a small xlsx re-export to an API-only instance (`REEXPORT_WORKER_CONCURRENCY=0`: "
        "it validates, writes the job and wakes the workers, which a deployment runs elsewhere); pgbench inserts "
        "one pending row per transaction into the same table (never due, so no worker touches it). Then the "
        "instance is restarted with its workers and M2 repeated: every POST is also exported on the same 2 cores "
        "(claim, build, store, finish), the single-instance view.",
        "- **HTTP floor**: `wrk` against `/q/health/live` on the same server: what this stack answers with no "
        "token check and no database work; M1 over it shows what the GET's own work costs.",
        "- **Ceilings** (`src/bench/probes`, compiled into the benchmarked jar by `-Pbench` only, never into a "
        "release): `StackProbeResource` answers the GET's JSON from the same server (1) with no token and no "
        "database, (2) behind the same bearer-token check and `@RolesAllowed`, (3) with pgbench's own SELECT run "
        "through the reactive pg client (no Hibernate, no service code), and takes the POST's body and token to run "
        "pgbench's own INSERT. Each is warmed up to steady state and run once; ratios are to the metric's pgbench "
        "mean. They show what this stack reaches on this machine before any of the service's own work.",
        "- **Steady state**: after each warm-up the bench waits until the JIT's compile queue is empty "
        "(`jcmd Compiler.queue`): on 2 busy cores C2 falls minutes behind, and a measurement would catch the "
        "service half-compiled.",
        "- **M3**: `GET /api/v1/report-reexports?status=completed&limit=20` (the page and its total). Closed-loop "
        "throughput with wrk and pgbench running the two statements the service runs (page and count). Latency "
        "comes from `OpenModelLoad` (src/bench/java), our own open-model client: it sends at a fixed rate "
        "(half the closed-loop throughput) whether or not earlier requests have answered, and measures each "
        "latency from the request's intended send time into an HdrHistogram, so stalls are not hidden "
        "(coordinated omission corrected, like wrk2; wrk2 itself is not packaged here).",
        "- **M4/M5**: `bench/xlsx-bench.sh` (our writer vs Apache POI SXSSF vs a bare Deflater over the same "
        "sheet XML), one JVM with `-Xmx256m`.",
        "- **M7**: the last line of `bench/cold-start.sh` when it exists.",
        "- **E2E**: a burst of small reports (the demo report, xlsx) is POSTed; jobs/minute = completed jobs / "
        "(last `completed_at` - first `requested_at`). Its ratio is jobs/minute over what the workers could do "
        "if they never waited (workers x 60 s / mean `completed_at - started_at`). Then jobs are POSTed by "
        "`OpenModelLoad` at half that rate and POST -> completed is read from the rows (`completed_at - requested_at`).",
        "- **Server CPU per request** (diagnostic): CPU seconds of the application process (all threads, JIT and "
        "GC included) plus PostgreSQL (postmaster, backends, exited backends through `cutime`) during the wrk runs, "
        "divided by the requests; for pgbench, PostgreSQL's CPU divided by the transactions. Throughput on a shared "
        "2-core machine mostly measures who the scheduler favours; CPU per request is what the code costs.",
        "- **Rounds**: the service and pgbench alternate (2 rounds in quick mode, 3 in full) and the means are "
        "compared, so a change in background load hits both sides.",
        "- **Blocked threads**: the application runs with `-Dquarkus.vertx.max-event-loop-execute-time=100ms`; "
        + ("blocking episodes in its log (Vert.x repeats its warning while a thread stays blocked: a new episode "
           "starts when a thread's blocked time does not grow), counted apart for the start-ups, the warm-ups "
           "(from an endpoint's first request until its rate holds and the JIT queue is empty) and the rest of "
           "the run: the measurements, the pgbench runs between them and the idle gaps."
           if g("blocked_warm") is not None else
           "the count is of blocking episodes in its log after the warm-up (Vert.x repeats its warning while a "
           "thread stays blocked: a new episode starts when a thread's blocked time does not grow)."
           if g("blocked_unit") == "episodes" else
           "the count is of `has been blocked for` lines in its log after the warm-up (this run predates "
           "counting episodes)."),
        "",
    ]
    if findings:
        lines += [findings.rstrip(), ""]
    with open(out_md, "w", encoding="utf-8") as f:
        f.write("\n".join(lines).replace("{C}", str(conns)))


if __name__ == "__main__":
    main()
