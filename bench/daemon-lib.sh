# Shared by the daemon benchmarks (sourced, not run): a small desired-state repository served by
# `git daemon` on loopback, and `versiond run` started with or without the systemd unit's JVM flags.
# Needs git, curl and a built jar (./mvnw -B -q -o package -DskipTests).

JAR="${VERSIOND_JAR:-$PWD/daemon/target/versiond.jar}"
# The JVM flags of ExecStart in systemd/versiond.service, read from the unit so they cannot drift.
UNIT_JVM_FLAGS="$(sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar .*|\1|p' "$PWD/systemd/versiond.service")"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# make_repo DIR: component "app" at 1.0.0 (a run step, a file, a link; a verify check), target "all".
make_repo() {
    local dir="$1"
    mkdir -p "$dir/components/app/migrations" "$dir/targets"
    cat > "$dir/components/app/component.yaml" <<'YAML'
kind: Component
name: app
YAML
    cat > "$dir/components/app/migrations/1.0.0.yaml" <<'YAML'
kind: Migration
version: 1.0.0
up:
  - id: unpack
    run:
      argv: [sh, -c, 'mkdir -p "$VERSIOND_ROOT/opt/app/releases/1.0.0"']
      creates: /opt/app/releases/1.0.0
      down: [sh, -c, 'rm -rf "$VERSIOND_ROOT/opt/app/releases/1.0.0"']
  - id: version-file
    file: { path: /opt/app/VERSION, content: "1.0.0\n", mode: "0644" }
  - id: switch
    link: { path: /opt/app/current, target: /opt/app/releases/1.0.0 }
verify:
  - id: healthy
    check: { command: [sh, -c, 'test -d "$VERSIOND_ROOT/opt/app/current"'], interval: 100ms, deadline: 3s }
YAML
    cat > "$dir/targets/all.yaml" <<'YAML'
kind: Target
name: all
components:
  app:
    version: 1.0.0
YAML
    git -C "$dir" init -q -b main
    git -C "$dir" add -A
    git -C "$dir" -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false commit -q -m "app 1.0.0"
}

# bench_world NAME: sets WORK (a new /tmp/versiond-NAME.XXXXXX), JAR (a private copy of the jar
# there: a rebuild during a run must not swap classes under the JVM), and GPORT and GITD (git daemon
# serving make_repo's repository as git://127.0.0.1:GPORT/repo).
bench_world() {
    WORK="$(mktemp -d "/tmp/versiond-$1.XXXXXX")"
    make_repo "$WORK/git/repo"
    cp "$JAR" "$WORK/versiond.jar"; JAR="$WORK/versiond.jar"
    GPORT="$(free_port)"
    GITD="$(serve_repo "$WORK/git" "$GPORT")"
}

# serve_repo BASE PORT [NAME]: git daemon exporting BASE (repositories are BASE/<name>); prints its
# pid once BASE/NAME (default: repo) answers.
serve_repo() {
    git daemon --reuseaddr --export-all --listen=127.0.0.1 --port="$2" --base-path="$1" "$1" \
        >/dev/null 2>&1 &
    echo $!
    for _ in $(seq 50); do
        git ls-remote "git://127.0.0.1:$2/${3:-repo}" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "git daemon did not come up on port $2" >&2
    return 1
}

# wait_ready URL TIMEOUT_S: polls /readyz until 200.
wait_ready() {
    local deadline=$(( $(date +%s) + $2 ))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/readyz")" = 200 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "not ready after $2 s: $1" >&2; return 1; }
        sleep 0.02
    done
}

# port_from_log LOG: the port of "versiond run: serving http://127.0.0.1:PORT", once printed.
port_from_log() {
    local log="$1"
    for _ in $(seq 600); do
        local p
        p="$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -1)"
        [ -n "$p" ] && { echo "$p"; return 0; }
        sleep 0.01
    done
    echo "no 'serving' line in $log" >&2
    return 1
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
fd_count() { ls "/proc/$1/fd" | wc -l; }

# unit_flags_with_archive DIR: the unit's JVM flags with its class-data-sharing archive made from
# $JAR into DIR/versiond.jsa, the way an install makes it (systemd/make-cds-archive.sh). Without
# the archive, -XX:SharedArchiveFile naming a missing file turns class-data sharing off entirely
# (the JDK's own archive too), which is not what a host runs.
unit_flags_with_archive() {
    systemd/make-cds-archive.sh "$JAR" "$1/versiond.jsa" > /dev/null
    echo "${UNIT_JVM_FLAGS//\/usr\/lib\/versiond\/versiond.jsa/$1/versiond.jsa}"
}
