#!/usr/bin/env bash
# Bytes of heap a loaded share keeps per byte of its files (the factor of reconcile.ShareBudget):
# shares of 300 to 3,000 components, small and large migrations, with the unit's collector.
# Usage: bench/share-heap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o -pl spec test-compile
./mvnw -B -q -o -pl spec dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath
exec java -XX:+UseSerialGC -Xmx512m -cp "spec/target/classes:spec/target/test-classes:$(cat spec/target/bench.classpath)" \
    dev.versiond.spec.bench.ShareHeapBench
