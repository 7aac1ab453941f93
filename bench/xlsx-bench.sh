#!/usr/bin/env bash
# xlsx generation: our writer (fastexcel) vs Apache POI SXSSF vs the bare Deflater limit, in one
# JVM and one run, for 100k x 10 and 1M x 10 rows (or the row counts given as arguments).
# Prints seconds, rows/s and peak heap for each (in a 256 MiB heap), then the ratios ours/POI and
# ours/deflate.
#
#   bench/xlsx-bench.sh [ROWS ...]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=("${@:-100000 1000000}")
./mvnw -B -q -Pbench test-compile
./mvnw -B -q -Pbench exec:exec -Dexec.args="-Xmx256m -XX:+UseParallelGC -classpath %classpath no.grantreports.reexport.bench.XlsxBenchmark ${rows[*]}"
