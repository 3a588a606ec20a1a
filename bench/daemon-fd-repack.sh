#!/usr/bin/env bash
# Open file descriptors of `versiond run` while COMMITS commits land on the remote, one per ~1.5 s
# (--interval 1s): every fetch adds a pack to the daemon's mirror and JGit keeps each pack open, so
# the count rises by one per fetch until the mirror holds more than 32 packs and the source repacks.
# Shows that the growth seen in the soak is bounded. Prints "commit fds packs" per commit.
# Usage: bench/daemon-fd-repack.sh [COMMITS=40]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/daemon-lib.sh
COMMITS="${1:-40}"
bench_world fds
HPORT="$(free_port)"
# shellcheck disable=SC2086
java $UNIT_JVM_FLAGS -jar "$JAR" run --repo "git://127.0.0.1:$GPORT/repo" --state "$WORK/state" \
    --root "$WORK/root" --host fds-1 --interval 1s --jitter 0 --http "127.0.0.1:$HPORT" > "$WORK/versiond.log" 2>&1 &
VPID=$!
trap 'kill $VPID 2>/dev/null; wait $VPID 2>/dev/null; kill $GITD 2>/dev/null' EXIT
wait_ready "http://127.0.0.1:$HPORT" 60
echo "commit fds packs"
echo "0 $(fd_count "$VPID") $(ls "$WORK/state/mirror.git/objects/pack/" | grep -c '\.pack$')"
for i in $(seq "$COMMITS"); do
    head="$(git -C "$WORK/git/repo" -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false \
        commit -q --allow-empty -m "commit $i" && git -C "$WORK/git/repo" rev-parse HEAD)"
    until curl -s "http://127.0.0.1:$HPORT/status" | grep -q "$head"; do sleep 0.1; done
    echo "$i $(fd_count "$VPID") $(ls "$WORK/state/mirror.git/objects/pack/" | grep -c '\.pack$')"
done
grep -i "repacked" "$WORK/versiond.log" || echo "(no repack logged)"
