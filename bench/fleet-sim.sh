#!/usr/bin/env bash
# The fleet simulation: N real agents (the engine `versiond run` opens, one state directory, host root,
# name and labels each, host status in Git on) in one JVM, their passes driven on a schedule of their
# own (interval ±jitter), against one `git daemon` on loopback serving the desired-state and the
# status repository. Scenarios: a good release reaches 100% wave by wave; a release failing on the
# canaries halts (how many hosts tried it); a release failing on 3% of the hosts completes under a 5%
# error budget; the status repo holds every host's outcome; the git daemon's CPU (its process tree in
# /proc) and the bytes on the wire per no-change poll and per status push
# (daemon/src/test/.../bench/FleetSim.java).
# Usage: bench/fleet-sim.sh N [--scenarios good,canary,spread,cost] [--interval S] [--bake S]
#        [--jitter PERCENT] [--fail-share PERCENT] [--error-budget PERCENT] [--threads T] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o -pl daemon -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx2g -cp "daemon/target/test-classes:daemon/target/classes:spec/target/classes:$(cat daemon/target/bench-classpath.txt)" \
    dev.versiond.daemon.bench.FleetSim "$@"
