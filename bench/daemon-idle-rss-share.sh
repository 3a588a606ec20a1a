#!/usr/bin/env bash
# Idle RSS of `versiond run` with the systemd unit's JVM flags (and its class-data-sharing archive)
# when the repository holds 5, 500, 5,000 and 20,000 components and this host's targets name 5 of
# them (bench/share-repo.py: target "mine" selects label group=mine). The four daemons run at once,
# each following its own repository over git:// (`git daemon`), default poll interval (60 s ± 10%);
# VmRSS is read at ready and once a minute for MINUTES minutes (the daemons are asked only what
# probes and Prometheus ask: /readyz, /metrics), then a minute after one GET /status (JSON, which
# loads Jackson's object mapper for the life of the process). Then, per daemon, the heap as the
# JVM reports it (jcmd GC.heap_info), and the live heap after a full collection (jcmd GC.run).
# Usage: bench/daemon-idle-rss-share.sh [MINUTES=5] [SIZES="5 500 5000 20000"]   (EXTRA_JVM_FLAGS=... adds to the unit's flags)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/daemon-lib.sh
MINUTES="${1:-5}"
read -r -a SIZES <<< "${2:-5 500 5000 20000}"
WORK="$(mktemp -d /tmp/versiond-share-rss.XXXXXX)"
cp "$JAR" "$WORK/versiond.jar"; JAR="$WORK/versiond.jar"
FLAGS="$(unit_flags_with_archive "$WORK") ${EXTRA_JVM_FLAGS:-}"
for n in "${SIZES[@]}"; do
    python3 bench/share-repo.py "$WORK/git/r$n" "$n"
done
GPORT="$(free_port)"
GITD="$(serve_repo "$WORK/git" "$GPORT" "r${SIZES[0]}")"
declare -A PID PORT
cleanup() {
    for n in "${SIZES[@]}"; do kill "${PID[$n]:-}" 2>/dev/null || true; done
    wait 2>/dev/null || true
    kill "$GITD" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
for n in "${SIZES[@]}"; do
    # shellcheck disable=SC2086
    java $FLAGS -jar "$JAR" run --repo "git://127.0.0.1:$GPORT/r$n" --state "$WORK/state-$n" \
        --root "$WORK/root-$n" --host "share-$n" --label group=mine --http 127.0.0.1:0 \
        > "$WORK/versiond-$n.log" 2>&1 &
    PID[$n]=$!
done
for n in "${SIZES[@]}"; do
    PORT[$n]="$(port_from_log "$WORK/versiond-$n.log")"
    wait_ready "http://127.0.0.1:${PORT[$n]}" 300
    # From /metrics, as Prometheus sees it: the JSON of /status would load Jackson's object mapper,
    # which an agent that is only probed and scraped never does (its cost is printed at the end).
    state="$(curl -s "http://127.0.0.1:${PORT[$n]}/metrics" | python3 -c 'import re,sys; t=sys.stdin.read(); s=re.findall(r"^versiond_component_state\{[^}]*state=\"(\w+)\"[^}]*\} 1", t, re.M); print(len(s), "components,", sorted(set(s)), "share too large:", re.findall(r"^versiond_share_too_large\S* (\S+)", t, re.M))')"
    echo "$n components: ready, RSS $(rss_kib "${PID[$n]}") KiB; $state"
done
echo "JVM flags: $FLAGS"
for m in $(seq "$MINUTES"); do
    sleep 60
    line="after $m min:"
    for n in "${SIZES[@]}"; do line="$line  $n: $(rss_kib "${PID[$n]}") KiB ($(fd_count "${PID[$n]}") fds)"; done
    echo "$line"
done
for n in "${SIZES[@]}"; do
    curl -s -o /dev/null "http://127.0.0.1:${PORT[$n]}/status"
done
sleep 60
line="a minute after one GET /status:"
for n in "${SIZES[@]}"; do line="$line  $n: $(rss_kib "${PID[$n]}") KiB"; done
echo "$line"
for n in "${SIZES[@]}"; do
    echo "== $n components"
    grep -E '^Vm(RSS|HWM)|^Rss(Anon|File)' "/proc/${PID[$n]}/status" | tr -s ' \t' ' ' | paste -sd ' '
    jcmd "${PID[$n]}" GC.heap_info | grep -E 'total|used' | tr -s ' ' | paste -sd ' '
    jcmd "${PID[$n]}" GC.run > /dev/null
    echo "after a full GC: $(jcmd "${PID[$n]}" GC.heap_info | grep -E 'def new|tenured' | tr -s ' ' | paste -sd ' ')"
done
