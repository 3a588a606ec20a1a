#!/usr/bin/env bash
# Measures reading and validating a large desired state (DirectoryTree + SpecLoader):
# 1,000 components x 10 versions x 5 steps with templates, generated in a temp dir.
# Cold: one load in a fresh JVM. Warm: median of 10 loads after 10 warm-up loads.
# Then two comparisons: SnakeYAML alone on the same files, and warm re-loads through one
# SpecLoader of a tree with content ids (what the daemon gets from Git).
# Usage: bench/spec-load.sh            (from anywhere; builds spec's classes offline first)
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -o -pl spec test-compile
./mvnw -B -q -o -pl spec dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath
CP="spec/target/classes:spec/target/test-classes:$(cat spec/target/bench.classpath)"
MAIN=dev.versiond.spec.bench.SpecLoadBench
JAVA_OPTS=${JAVA_OPTS:-"-Xmx1g"}

REPO=$(mktemp -d "${TMPDIR:-/tmp}/versiond-bench.XXXXXX")
trap 'rm -rf "$REPO"' EXIT

java -cp "$CP" "$MAIN" generate "$REPO"
echo "files: $(find "$REPO" -type f | wc -l), bytes: $(du -sb "$REPO" | cut -f1)"

uptime
for i in 1 2 3; do
  echo "-- cold run $i (fresh JVM)"
  /usr/bin/time -f "peak RSS %M KiB, wall %e s" java $JAVA_OPTS -cp "$CP" "$MAIN" cold "$REPO"
done
echo "-- warm (one JVM)"
/usr/bin/time -f "peak RSS %M KiB, wall %e s" java $JAVA_OPTS -cp "$CP" "$MAIN" warm "$REPO"
echo "-- for comparison: SnakeYAML alone, and re-loads with content ids (a Git tree's blob ids)"
java $JAVA_OPTS -cp "$CP" "$MAIN" parse-only "$REPO"
java $JAVA_OPTS -cp "$CP" "$MAIN" warm-ids "$REPO"
uptime
