#!/usr/bin/env bash
# The 1,000,000-row report: ingested over HTTP and exported to xlsx by the packaged application
# running with -Xmx256m (the integration tests' heap). Prints the ingestion and export times.
#
#   bench/large-report.sh [ROWS]     (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
./mvnw -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LargeReportIT \
  -Dlarge.rows="$rows" | grep -E "large report:|Tests run:|BUILD|ERROR"
