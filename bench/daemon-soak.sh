#!/usr/bin/env bash
# RSS and open file descriptors of `versiond run` (the unit's JVM flags, --interval 1s) against a
# git:// remote (`git daemon`), sampled every SAMPLE seconds for MINUTES minutes. Every 10th
# sample an empty commit lands on the remote, so passes that fetch (and find nothing to apply)
# are part of the run, not only no-change polls. The unit's flags map a class-data-sharing archive
# made from the jar first, as an install does (JVM_FLAGS=... overrides them; EXTRA_JVM_FLAGS=... adds
# to them, e.g. -XX:NativeMemoryTracking=summary to see which JVM area grows).
# Usage: bench/daemon-soak.sh [MINUTES=30] [SAMPLE=30] [OUT=bench/out/soak.tsv]
# Stop early with SIGTERM/SIGINT: the samples so far stay in OUT and the summary is printed (with
# the least-squares slope of RSS over the samples from minute 10 on: how flat after warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/daemon-lib.sh
MINUTES="${1:-30}"; SAMPLE="${2:-30}"; OUT="${3:-bench/out/soak.tsv}"
mkdir -p "$(dirname "$OUT")"
bench_world soak
FLAGS="${JVM_FLAGS:-$(unit_flags_with_archive "$WORK")} ${EXTRA_JVM_FLAGS:-}"
# shellcheck disable=SC2086
java $FLAGS -jar "$JAR" run --repo "git://127.0.0.1:$GPORT/repo" --state "$WORK/state" \
    --root "$WORK/root" --host soak-1 --interval 1s --jitter 0 --http 127.0.0.1:0 \
    > "$WORK/versiond.log" 2>&1 &
VPID=$!
cleanup() { kill "$VPID" 2>/dev/null || true; wait "$VPID" 2>/dev/null || true; kill "$GITD" 2>/dev/null || true; }
trap cleanup EXIT
trap 'STOP=1' TERM INT
STOP=0
HPORT="$(port_from_log "$WORK/versiond.log")"
wait_ready "http://127.0.0.1:$HPORT" 60
echo "# versiond pid $VPID, http $HPORT, git://127.0.0.1:$GPORT/repo, work $WORK, started $(date -u +%FT%TZ)" > "$OUT"
printf 'elapsed_s\trss_kib\tfds\tpolls_total\n' >> "$OUT"
START=$(date +%s); N=0
while [ "$STOP" = 0 ] && [ $(( $(date +%s) - START )) -le $(( MINUTES * 60 )) ]; do
    polls="$(curl -s "http://127.0.0.1:$HPORT/metrics" | awk '/^versiond_polls_total/ {s+=$2} END {print s+0}')"
    printf '%s\t%s\t%s\t%s\n' "$(( $(date +%s) - START ))" "$(rss_kib "$VPID")" "$(fd_count "$VPID")" "$polls" >> "$OUT"
    N=$((N + 1))
    # Every 10th sample, a commit on the remote: the daemon fetches and runs a (no-op) pass.
    if [ $((N % 10)) = 0 ]; then
        git -C "$WORK/git/repo" -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false \
            commit -q --allow-empty -m "touch $N"
    fi
    for _ in $(seq "$SAMPLE"); do [ "$STOP" = 0 ] && sleep 1; done
done
echo "# stopped $(date -u +%FT%TZ)" >> "$OUT"
awk -F'\t' '!/^#/ && NR>2 { if (!f) {f=$2; ff=$3}; l=$2; lf=$3; if ($2>m) m=$2; if ($3>mf) mf=$3; e=$1
        if ($1 >= 600) { n++; sx+=$1; sy+=$2; sxx+=$1*$1; sxy+=$1*$2 } }
    END { printf "duration %d s; RSS KiB first %d last %d max %d; fds first %d last %d max %d\n", e, f, l, m, ff, lf, mf
          if (n > 2) printf "RSS slope from minute 10 (least squares, %d samples): %.1f KiB/min\n", n, (n*sxy - sx*sy) / (n*sxx - sx*sx) * 60 }' "$OUT"
