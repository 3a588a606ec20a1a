#!/usr/bin/env bash
# A no-change JGitSource.poll() next to `git ls-remote` of the same git:// URL (an in-process JGit
# daemon on loopback), plus tree listing/reading of a 2000-file commit. Medians of 20 after warm-up.
# Usage: bench/poll-vs-ls-remote.sh   (needs git on PATH and the Maven dependencies in ~/.m2)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o -pl daemon -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "daemon/target/test-classes:daemon/target/classes:spec/target/classes:$(cat daemon/target/bench-classpath.txt)" \
    dev.versiond.daemon.bench.PollVsLsRemote
