#!/usr/bin/env bash
# Plan-only passes of the real Reconciler after a one-file commit on a component of this host and on
# one of another host, at 500, 5,000 and 20,000 components (bench/share-repo.py; this host's target
# names 5), split by the pass's own phase times (the ones in history and versiond_pass_phase_seconds),
# beside the same commit loaded whole by an equally warm loader (what a pass loaded before it loaded
# only its share). Medians of 7 commits of each kind, alternating, over git:// (`git daemon`), or
# JGit's file:// with TRANSPORT=file.
# Usage: bench/pass-phases-after-change.sh [COMPONENTS...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o -pl daemon -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g -Dtransport="${TRANSPORT:-git}" \
    -cp "daemon/target/test-classes:daemon/target/classes:spec/target/classes:$(cat daemon/target/bench-classpath.txt)" \
    dev.versiond.daemon.bench.PassPhasesAfterChange "$@"
