#!/usr/bin/env bash
# One no-change poll as the remote gains refs (0, 2,000, 20,000 extra tags): JGitSource.poll() next to
# `git ls-remote URL refs/heads/main` (protocol v2) and `git -c protocol.version=0 ls-remote` (the
# v0 exchange versiond's git:// poll used before), over git's own `git daemon` on loopback and over
# file://. Prints, per client: median wall time (21 interleaved runs after 10 warm-ups), its ratio to
# git ls-remote, bytes on the wire both ways (through a counting proxy) and the server's CPU per poll
# (git daemon's reaped upload-packs; for file://, the poll's own thread CPU against git ls-remote's
# processes), over 40 polls.
# Usage: bench/poll-cost-vs-refs.sh [EXTRA_REFS...]   (needs git, with git daemon, on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o -pl daemon -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "daemon/target/test-classes:daemon/target/classes:spec/target/classes:$(cat daemon/target/bench-classpath.txt)" \
    dev.versiond.daemon.bench.PollCostVsRefs "$@"
