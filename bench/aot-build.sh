#!/usr/bin/env bash
# Builds the packaged application on JDK 25 with a Leyden AOT cache (JEP 483/514) trained by the
# @QuarkusIntegrationTest tests, and waits until the cache is really complete.
#
#   bench/aot-build.sh [EXTRA MAVEN ARGS …]
#
# Result: target/quarkus-app/ (aot-jar layout) with target/quarkus-app/app.aot. This REPLACES the
# normal build's target/quarkus-app; a later plain `./mvnw verify` (JDK 17) replaces it back.
# Run it with:  cd target/quarkus-app && java -XX:AOTCache=app.aot -jar quarkus-run.jar
# (same JDK build that trained it; keep the directory as built: moving it whole is fine, but jar
# timestamps must be kept, e.g. `cp -a`).
#
# Environment:
#   JAVA25_HOME       JDK 25 to build, train and run with (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   AOT_TRAINING_ITS  the ITs that train the cache (default ReexportApiIT,DownloadAndFormatsIT,ReportApiIT;
#                     MultiInstanceIT and LargeReportIT start their own processes and are slow)
# Unit tests are skipped (-Dtest=NoSuchTest); pass your own -Dtest=… to run them too.
#
# Why the wait: Quarkus 3.33 starts the cache-creating JVM (-XX:AOTMode=create) after the last
# IT, waits only 20 s for it, logs "AOT file … created" as soon as the (still empty) file exists
# and leaves the process running. On a busy machine creation takes longer; the build then ends
# with a 0-byte app.aot that is filled in later, or never if the process is killed (the end of
# a Dockerfile RUN step). So this script waits for that process and then checks the cache loads.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
its=${AOT_TRAINING_ITS:-ReexportApiIT,DownloadAndFormatsIT,ReportApiIT}
[ -x "$JAVA25_HOME/bin/java" ] || { echo "aot-build: no JDK at JAVA25_HOME=$JAVA25_HOME" >&2; exit 1; }
export JAVA_HOME=$JAVA25_HOME
export PATH=$JAVA25_HOME/bin:$PATH
app=$root/target/quarkus-app
cache=$app/app.aot

# aot.type=aot: Leyden cache only. Without it Quarkus sees release 17 and also trains an AppCDS
# archive during the build (an extra training run and 45 MB of app-cds.jsa that nothing uses).
./mvnw -B verify -Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=aot \
  -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test="$its" "$@"

# Wait for the AOTMode=create JVM that Quarkus left behind (matched by this build's own cache path).
deadline=$((SECONDS + 900))
while pgrep -f -- "-XX:AOTCache=$cache" > /dev/null; do
  [ $SECONDS -lt $deadline ] || { echo "aot-build: cache creation still running after 15 min" >&2; exit 1; }
  sleep 2
done
[ -s "$cache" ] || { echo "aot-build: $cache missing or empty" >&2; exit 1; }

# The cache must map (-XX:AOTMode=on fails the JVM otherwise). Without a datasource the app then
# stops at start, which is fine here: only the JVM's verdict on the cache matters.
check=$( (cd "$app" && timeout 120 "$JAVA25_HOME/bin/java" -XX:AOTCache=app.aot -XX:AOTMode=on -Xmx256m \
  -Dquarkus.http.port=0 -jar quarkus-run.jar) 2>&1 || true)
if grep -q "Unable to use AOT cache" <<< "$check"; then
  echo "$check" | head -20 >&2
  echo "aot-build: the JVM cannot use $cache" >&2
  exit 1
fi
echo "aot-build: $cache ready ($(du -h "$cache" | cut -f1), $("$JAVA25_HOME/bin/java" -version 2>&1 | head -1))"
