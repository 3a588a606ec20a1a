#!/usr/bin/env bash
# Records a class-data-sharing archive of the classes `versiond run` loads, so the agent starts in
# about half the CPU time: the JVM maps the archived classes instead of loading, verifying and
# linking ~6,400 of them at every start. The archive belongs to one jar and one JVM build: make it
# again after upgrading either (a stale or missing archive is ignored: -Xshare:auto).
#
# It runs the agent once in --dev mode (scratch files under a temp dir), waits for the first pass,
# touches every HTTP endpoint, stops it with SIGTERM, and the JVM writes the archive on exit.
#
# Usage: systemd/make-cds-archive.sh JAR ARCHIVE      (run from the root of a versiond checkout)
# e.g.:  systemd/make-cds-archive.sh daemon/target/versiond.jar /usr/lib/versiond/versiond.jsa
set -euo pipefail
jar="$(realpath "$1")"
archive="$(realpath -m "$2")"
checkout="$(pwd)"
[ -f "$checkout/examples/dev/systemctl" ] || { echo "run from the root of a versiond checkout" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ln -s "$checkout/examples" "$work/examples"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 19713)
cd "$work"
java -XX:ArchiveClassesAtExit="$archive" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" \
    run --dev --http "127.0.0.1:$port" > run.log 2>&1 &
pid=$!
for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { cat run.log >&2; exit 1; }
    sleep 0.1
done
for path in status plan history metrics healthz; do
    curl -s -o /dev/null "http://127.0.0.1:$port/$path"
done
curl -s -o /dev/null -X POST -H "Authorization: Bearer $(cat .dev/token)" "http://127.0.0.1:$port/sync"
sleep 1
kill -TERM "$pid"
wait "$pid" || true
[ -s "$archive" ] || { echo "no archive written; see the JVM's output:" >&2; cat run.log >&2; exit 1; }
echo "wrote $archive ($(du -h "$archive" | cut -f1))"
