#!/usr/bin/env bash
# Plan time after a one-file change in a generated 5,000-component repository (issue: the engine).
# Whole plan-only passes through the real Reconciler: poll, fetch, tree, load (cached by blob id),
# validate, plan. Usage: bench/plan-after-change.sh   (Maven dependencies in ~/.m2)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o -pl daemon -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx512m -cp "daemon/target/test-classes:daemon/target/classes:spec/target/classes:$(cat daemon/target/bench-classpath.txt)" \
    dev.versiond.daemon.bench.PlanAfterChange
