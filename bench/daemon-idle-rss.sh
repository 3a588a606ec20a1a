#!/usr/bin/env bash
# Idle RSS of `versiond run` with the systemd unit's JVM flags: start it against a git:// remote
# (`git daemon`), let it converge, then read VmRSS from /proc/<pid>/status after MINUTES minutes
# (default poll interval, 60s ± 10%). Prints RSS at ready and every minute. The unit's flags map a
# class-data-sharing archive made from the jar first, as an install does.
# Usage: bench/daemon-idle-rss.sh [MINUTES=5]   (JVM_FLAGS=... overrides the unit's flags, EXTRA_JVM_FLAGS=... adds to them)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/daemon-lib.sh
MINUTES="${1:-5}"
bench_world idle
FLAGS="${JVM_FLAGS:-$(unit_flags_with_archive "$WORK")} ${EXTRA_JVM_FLAGS:-}"
# shellcheck disable=SC2086
java $FLAGS -jar "$JAR" run --repo "git://127.0.0.1:$GPORT/repo" --state "$WORK/state" \
    --root "$WORK/root" --host idle-1 --http 127.0.0.1:0 > "$WORK/versiond.log" 2>&1 &
VPID=$!
trap 'kill $VPID 2>/dev/null; wait $VPID 2>/dev/null; kill $GITD 2>/dev/null' EXIT
HPORT="$(port_from_log "$WORK/versiond.log")"
wait_ready "http://127.0.0.1:$HPORT" 60
echo "JVM flags: $FLAGS"
echo "ready: RSS $(rss_kib "$VPID") KiB"
for m in $(seq "$MINUTES"); do
    sleep 60
    echo "after $m min: RSS $(rss_kib "$VPID") KiB, fds $(fd_count "$VPID")"
done
grep -E '^Vm(RSS|HWM)|^Rss(Anon|File|Shmem)' "/proc/$VPID/status"
