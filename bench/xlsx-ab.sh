#!/usr/bin/env bash
# Our xlsx writer at another revision vs this working tree, in one JVM (XlsxWriterAB): alternating
# runs timed by thread CPU, medians and the ours/POI ratio of each. For "did this change make the
# writer slower?" on a shared machine, where two separate bench/xlsx-bench.sh runs differ by ±15 %.
#
#   bench/xlsx-ab.sh REVISION [ROWS [ROUNDS]]     (defaults 100000 and 15)
#
# REVISION is checked out in a temporary git worktree and compiled there with -Pbench; it must have
# src/bench/java/.../XlsxBenchmark with writeOurs(int, OutputStream) (fd1ae6d and later).
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bench/xlsx-ab.sh REVISION [ROWS [ROUNDS]]}
rows=${2:-100000}
rounds=${3:-15}
before=$(mktemp -d /tmp/xlsx-ab.XXXXXX)
trap 'git worktree remove --force "$before" > /dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$before" "$rev"
log=$(mktemp /tmp/xlsx-ab-build.XXXXXX.log)
build() { "$@" >> "$log" 2>&1 || { tail -40 "$log" >&2; echo "xlsx-ab: build failed, log in $log" >&2; exit 1; }; }
build bash -c "cd '$before' && ./mvnw -B -q -o -Pbench test-compile -DskipSdkChecks"
build ./mvnw -B -q -o -Pbench test-compile -DskipSdkChecks
cp=$(mktemp)
build ./mvnw -B -q -o -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp"
# The loaders must be the only place the project's classes come from: the parent gets the
# dependencies and the A/B class alone.
runner=$(mktemp -d)
mkdir -p "$runner/no/grantreports/reexport/bench"
cp target/test-classes/no/grantreports/reexport/bench/XlsxWriterAB.class "$runner/no/grantreports/reexport/bench/"
java -Xmx256m -XX:+UseParallelGC -cp "$runner:$(cat "$cp")" no.grantreports.reexport.bench.XlsxWriterAB "$rows" "$rounds" \
  "$before/target/classes:$before/target/test-classes" "$(pwd)/target/classes:$(pwd)/target/test-classes" 2>&1 | grep -v "Log4j API"
rm -rf "$runner" "$cp" "$log"
