#!/usr/bin/env bash
# The resident memory the libraries versiond must use take by themselves, with the unit's JVM flags
# (without its archive, which holds versiond's classes): an idle JVM; Javalin serving one route;
# and the libraries doing what the idle agent does (bench/rss-floor/Floor.java: Javalin with
# /readyz and /metrics, Micrometer's Prometheus registry with JVM metrics, Quartz polling every
# second with a JGit ls-remote and a SQLite insert). Each is probed and scraped three times, then
# left alone for a minute before VmRSS is read. Compare with bench/daemon-idle-rss.sh.
# Usage: bench/daemon-rss-floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/daemon-lib.sh
WORK="$(mktemp -d /tmp/versiond-floor.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
javac -cp "$JAR" -d "$WORK/classes" bench/rss-floor/Floor.java
jar cf "$WORK/floor.jar" -C "$WORK/classes" .
git -C "$WORK" init -q remote
git -C "$WORK/remote" -c user.name=bench -c user.email=bench@example.org commit -q --allow-empty -m one
FLAGS="$(echo "$UNIT_JVM_FLAGS" | sed 's| -XX:SharedArchiveFile=[^ ]*||; s| -Xshare:auto||')"
echo "JVM flags: $FLAGS"
for mode in jvm javalin libraries; do
    # shellcheck disable=SC2086
    java $FLAGS -Dremote="file://$WORK/remote" -Ddb="$WORK/$mode.db" -cp "$JAR:$WORK/floor.jar" Floor "$mode" \
        > "$WORK/$mode.out" 2>&1 &
    pid=$!
    for _ in $(seq 300); do grep -q -E '^(up|port )' "$WORK/$mode.out" && break; sleep 0.1; done
    port="$(sed -n 's/^port //p' "$WORK/$mode.out")"
    if [ -n "$port" ]; then
        for _ in 1 2 3; do
            curl -s -o /dev/null "http://127.0.0.1:$port/readyz"
            curl -s -o /dev/null "http://127.0.0.1:$port/metrics"
        done
    fi
    sleep 60
    classes="$(jcmd "$pid" VM.classloader_stats | awk '/^Total/ {print $4}')"
    echo "$mode: RSS $(rss_kib "$pid") KiB, $classes classes"
    kill "$pid"; wait "$pid" 2>/dev/null || true
done
