#!/usr/bin/env bash
# Records a class-data-sharing archive of the classes `versiond run` loads, so the agent starts in
# about half the CPU time: the JVM maps the archived classes instead of loading, verifying and
# linking thousands of them at every start. The archive belongs to one jar and one JVM build: make
# it again after upgrading either (a stale or missing archive is ignored: -Xshare:auto).
#
# It runs the agent once as a host runs it, against a throwaway one-component repository in a
# temp dir (a guarded command, a file, a link, a health check, all under a scratch --root), waits
# for the first pass, asks the endpoints a host's probes and Prometheus ask (/healthz, /readyz,
# /metrics), stops it with SIGTERM, and the JVM writes the archive on exit.
#
# Only what a host needs to start and idle goes in: the JVM keeps nearly the whole archive
# resident, so every class archived costs memory for the life of the agent, used or not. Classes
# of rarer paths (the JSON endpoints, other step kinds) load from the jar when first needed.
# Archiving a --dev run with every endpoint made the archive 39 instead of 27 MiB and the idle
# agent 9 MiB larger (docs/benchmarks.md). Without `git` on the host, the script falls back to
# such a --dev run (which needs a versiond checkout as the working directory).
#
# With `cli` as the third argument it records instead the classes of one `versiond apply --once` of
# the same repository (parsing, fetch, plan, execution, the state database): the archive the
# command-line launcher of the Debian package maps (/usr/lib/versiond/cli.jsa), so that a one-shot
# command does not load and link those classes at every run. (JDK 19's -XX:+AutoCreateSharedArchive
# would make it on first use; on JDK 17 it is made at install time.) Without `git`, the cli
# archive is recorded from a `plan` of the same files as a plain directory.
#
# Usage: systemd/make-cds-archive.sh JAR ARCHIVE [agent|cli]
# e.g.:  systemd/make-cds-archive.sh daemon/target/versiond.jar /usr/lib/versiond/versiond.jsa
#        systemd/make-cds-archive.sh daemon/target/versiond.jar /usr/lib/versiond/cli.jsa cli
# It needs only a JRE and a POSIX shell's tools; git and curl when present (the package's postinst
# runs it on hosts that may have neither).
set -euo pipefail
jar="$(realpath "$1")"
archive="$(realpath -m "$2")"
mode="${3:-agent}"
case "$mode" in agent|cli) ;; *) echo "the third argument is agent or cli, not '$mode'" >&2; exit 2 ;; esac
checkout="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# GET http://127.0.0.1:$port/$1, printing the status code; curl when there is one, else bash's /dev/tcp.
http_status() {
    if command -v curl > /dev/null; then
        curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$1"
    else
        { exec 3<> "/dev/tcp/127.0.0.1/$port" \
            && printf 'GET /%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3 \
            && head -n 1 <&3 | cut -d' ' -f2; exec 3>&-; } 2> /dev/null || true
    fi
}

repo="$work/repo"
mkdir -p "$repo/components/probe/migrations" "$repo/targets"
# A templated config file too: the classes of the template engine are part of every real pass.
mkdir -p "$repo/components/probe/templates"
printf 'kind: Component\nname: probe\nconfig:\n  files:\n    - id: conf\n      file: { path: /etc/probe.d/probe.conf, template: templates/probe.conf.mustache, mode: "0640" }\n' \
    > "$repo/components/probe/component.yaml"
printf '# {{component}} {{version}} on {{host}}\nlisten={{config.listen}}\n{{#config.upstreams}}\nupstream={{.}}\n{{/config.upstreams}}\n' \
    > "$repo/components/probe/templates/probe.conf.mustache"
cat > "$repo/components/probe/migrations/1.0.0.yaml" <<'YAML'
kind: Migration
version: 1.0.0
up:
  - id: release
    run:
      argv: [sh, -c, 'mkdir -p "$VERSIOND_ROOT/releases/1.0.0"']
      creates: /releases/1.0.0
      down: [sh, -c, 'rmdir "$VERSIOND_ROOT/releases/1.0.0"']
  - id: marker
    file: { path: /etc/probe.conf, content: "version=1.0.0\n", mode: "0644" }
  - id: current
    link: { path: /current, target: releases/1.0.0 }
verify:
  - id: present
    check: { command: [sh, -c, 'test -L "$VERSIOND_ROOT/current"'], interval: 100ms, deadline: 5s }
YAML
printf 'kind: Target\nname: all\ncomponents:\n  probe:\n    version: 1.0.0\n    config:\n      listen: "127.0.0.1:8080"\n      upstreams: [10.0.0.1, 10.0.0.2]\n' \
    > "$repo/targets/all.yaml"
mkdir -p "$work/root"
cd "$work"
commit_repo() {
    git -C "$repo" init -q -b main
    git -C "$repo" add -A
    git -C "$repo" -c user.name=versiond -c user.email=versiond@localhost -c commit.gpgsign=false \
        commit -q -m "probe 1.0.0"
}

if [ "$mode" = cli ]; then
    if command -v git > /dev/null; then
        commit_repo
        set -- apply --once --repo "file://$repo"
    else
        set -- plan --repo "$repo"
    fi
    java -XX:ArchiveClassesAtExit="$archive" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" \
        "$@" --state "$work/state" --root "$work/root" --host archive-1 > run.log 2>&1 || true
    [ -s "$archive" ] || { echo "no archive written; see the JVM's output:" >&2; cat run.log >&2; exit 1; }
    echo "wrote $archive ($(du -h "$archive" | cut -f1))"
    exit 0
fi

if command -v git > /dev/null; then
    commit_repo
    set -- run --repo "file://$repo" --state "$work/state" --root "$work/root" --host archive-1
else
    [ -f "$checkout/examples/dev/systemctl" ] || {
        echo "without git, run from the root of a versiond checkout (for --dev)" >&2; exit 2; }
    ln -s "$checkout/examples" "$work/examples"
    set -- run --dev
fi

# Port 0: the agent picks a free one and prints it ("versiond run: serving http://127.0.0.1:PORT").
java -XX:ArchiveClassesAtExit="$archive" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" \
    "$@" --http "127.0.0.1:0" > run.log 2>&1 &
pid=$!
port=
for _ in $(seq 1 600); do
    [ -n "$port" ] || port=$(sed -n 's|.*serving http://127\.0\.0\.1:\([0-9]*\).*|\1|p' run.log | head -n 1)
    [ -n "$port" ] && [ "$(http_status readyz)" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { cat run.log >&2; exit 1; }
    sleep 0.1
done
for path in healthz readyz metrics; do
    http_status "$path" > /dev/null
done
kill -TERM "$pid"
wait "$pid" || true
[ -s "$archive" ] || { echo "no archive written; see the JVM's output:" >&2; cat run.log >&2; exit 1; }
echo "wrote $archive ($(du -h "$archive" | cut -f1))"
