#!/usr/bin/env bash
# SIGKILL trials of `apply --once` in every phase of a pass (upgrade, rollback after a failing
# verify, rollback after a failing up step, downgrade by git revert, cleanup of an interrupted pass
# whose target moved on), round-robin: each trial kills 2-4 children at random instants, runs one to
# completion and checks the host against an uninterrupted run (daemon/src/test/.../e2e/CrashTrials.java).
# Prints converged/total per phase. With VERSIOND_TEST_PG_URL set (.ci/databases.sh start), every other
# trial migrates a PostgreSQL schema of its own instead of SQLite.
# Usage: bench/crash-trials.sh N [SEED]   (N defaults to 200)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o package -DskipTests
./mvnw -B -q -o -pl daemon dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Dversiond.jar=daemon/target/versiond.jar \
    -cp "daemon/target/test-classes:daemon/target/classes:spec/target/classes:$(cat daemon/target/bench-classpath.txt)" \
    dev.versiond.daemon.e2e.CrashTrialsMain "${1:-200}" ${2:+"$2"}
