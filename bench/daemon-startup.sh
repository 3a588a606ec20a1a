#!/usr/bin/env bash
# Time from `java -jar versiond.jar run` to `GET /readyz` answering 200 (the first pass done), median
# of RUNS starts, with the systemd unit's JVM flags and with none (plain `java -jar`). Two cases each:
#   first start  - an empty state directory: clone the remote, apply app 1.0.0;
#   restart      - the state directory of a host already in sync (what `systemctl restart` sees).
# Usage: bench/daemon-startup.sh [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/daemon-lib.sh
RUNS="${1:-5}"
bench_world startup
trap 'kill $GITD 2>/dev/null' EXIT

# start_once FLAGS STATE: prints "WALL_MS CPU_MS": milliseconds from exec to /readyz 200, and the CPU
# time (user + system, all threads) the JVM had used by then; then stops the daemon (SIGTERM). The
# CPU time does not depend on what else runs on the machine; the wall time does.
start_once() {
    local flags="$1" state="$2" hport
    hport="$(free_port)"
    local t0; t0=$(date +%s%N)
    # shellcheck disable=SC2086
    java $flags -jar "$JAR" run --repo "git://127.0.0.1:$GPORT/repo" --state "$state" --root "$WORK/root" \
        --host startup-1 --http "127.0.0.1:$hport" > "$WORK/run.log" 2>&1 &
    local pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$hport/readyz")" = 200 ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$WORK/run.log" >&2; return 1; }
        sleep 0.01
    done
    local t1; t1=$(date +%s%N)
    local ticks; ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    kill "$pid"; wait "$pid" || true
    echo "$(( (t1 - t0) / 1000000 )) $(( ticks * 1000 / $(getconf CLK_TCK) ))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# The unit's archive path, pointed at an archive made from this jar the way an install makes it.
CDS_FLAGS="$(unit_flags_with_archive "$WORK")"
NO_CDS_FLAGS="$(echo "$UNIT_JVM_FLAGS" | sed 's| -XX:SharedArchiveFile=[^ ]*||; s| -Xshare:auto||')"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for variant in unit unit-without-archive plain; do
    case "$variant" in
        unit) flags="$CDS_FLAGS" ;;
        unit-without-archive) flags="$NO_CDS_FLAGS" ;;
        *) flags="" ;;
    esac
    first=(); first_cpu=(); restart=(); restart_cpu=()
    for i in $(seq "$RUNS"); do
        rm -rf "$WORK/state-$variant" "$WORK/root"; mkdir -p "$WORK/root"
        read -r w c < <(start_once "$flags" "$WORK/state-$variant"); first+=("$w"); first_cpu+=("$c")
        read -r w c < <(start_once "$flags" "$WORK/state-$variant"); restart+=("$w"); restart_cpu+=("$c")
    done
    echo "$variant JVM flags (${flags:-none}):"
    echo "  first start wall ms: ${first[*]}  median $(printf '%s\n' "${first[@]}" | median)"
    echo "  first start CPU ms:  ${first_cpu[*]}  median $(printf '%s\n' "${first_cpu[@]}" | median)"
    echo "  restart wall ms:     ${restart[*]}  median $(printf '%s\n' "${restart[@]}" | median)"
    echo "  restart CPU ms:      ${restart_cpu[*]}  median $(printf '%s\n' "${restart_cpu[@]}" | median)"
done
