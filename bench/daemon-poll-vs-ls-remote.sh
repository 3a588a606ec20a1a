#!/usr/bin/env bash
# A no-change pass of the running daemon next to `git ls-remote` of the same git:// URL (`git daemon`
# on loopback). The daemon runs with the unit's JVM flags and --interval 1h, so only our POST /sync
# triggers passes. Per pass: wall time from POST /sync to versiond_reconcile_duration_seconds counting it (as a
# client sees it), and the pass's own duration (the change of versiond_reconcile_duration_seconds_sum).
# Medians of 20 after 10 warm-up runs. Also checks that no object reached the daemon's mirror.
# Usage: bench/daemon-poll-vs-ls-remote.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/daemon-lib.sh
bench_world poll
HPORT="$(free_port)"
echo "bench-token-$$" > "$WORK/token"; chmod 600 "$WORK/token"
# shellcheck disable=SC2086
java $UNIT_JVM_FLAGS -jar "$JAR" run --repo "git://127.0.0.1:$GPORT/repo" --state "$WORK/state" \
    --root "$WORK/root" --host poll-1 --interval 1h --http "127.0.0.1:$HPORT" --token-file "$WORK/token" \
    > "$WORK/versiond.log" 2>&1 &
VPID=$!
trap 'kill $VPID 2>/dev/null; wait $VPID 2>/dev/null; kill $GITD 2>/dev/null' EXIT
wait_ready "http://127.0.0.1:$HPORT" 60
objects() { git --git-dir="$WORK/state/mirror.git" count-objects -v | tr '\n' ' '; }
before="$(objects)"
python3 - "http://127.0.0.1:$HPORT" "$(cat "$WORK/token")" "git://127.0.0.1:$GPORT/repo" <<'PY'
import re, statistics, subprocess, sys, time, urllib.request
base, token, url = sys.argv[1:4]
def metrics():
    text = urllib.request.urlopen(base + "/metrics").read().decode()
    # The timer's count, not versiond_polls_total: the counter is bumped first, the timer a moment later.
    polls = sum(float(v) for v in re.findall(r'^versiond_reconcile_duration_seconds_count\{[^}]*\} (\S+)$', text, re.M))
    dsum = sum(float(v) for v in re.findall(r'^versiond_reconcile_duration_seconds_sum\{[^}]*\} (\S+)$', text, re.M))
    return polls, dsum
def sync():
    polls, dsum = metrics()
    t0 = time.perf_counter()
    req = urllib.request.Request(base + "/sync", method="POST", headers={"Authorization": "Bearer " + token})
    assert urllib.request.urlopen(req).status == 202
    while True:
        p, d = metrics()
        if p > polls:
            return (time.perf_counter() - t0) * 1000, (d - dsum) * 1000
        time.sleep(0.002)
def ls_remote():
    t0 = time.perf_counter()
    subprocess.run(["git", "ls-remote", url], check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000
for _ in range(10):
    sync(); ls_remote()
walls, passes, ls = [], [], []
for _ in range(20):   # interleaved, so both see the same machine load
    w, p = sync(); walls.append(w); passes.append(p); ls.append(ls_remote())
med = statistics.median
print(f"git ls-remote {url}: median {med(ls):.1f} ms (min {min(ls):.1f}, max {max(ls):.1f})")
print(f"daemon pass (reconcile_duration): median {med(passes):.1f} ms (min {min(passes):.1f}, max {max(passes):.1f})  ratio {med(passes)/med(ls):.2f}x")
print(f"POST /sync -> pass counted (client): median {med(walls):.1f} ms (min {min(walls):.1f}, max {max(walls):.1f})  ratio {med(walls)/med(ls):.2f}x")
PY
after="$(objects)"
echo "mirror objects before: $before"
echo "mirror objects after:  $after"
[ "$before" = "$after" ] && echo "no objects fetched by the 30 no-change passes" || echo "OBJECTS CHANGED"
