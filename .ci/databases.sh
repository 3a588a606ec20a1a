#!/usr/bin/env bash
# Starts (or stops) the PostgreSQL and MariaDB servers the sql-step tests run against, each on a
# private port and a temporary data directory, from Debian's packages (installed when missing).
#
#   .ci/databases.sh start   # prints the export lines for VERSIOND_TEST_PG_URL / VERSIOND_TEST_MARIADB_URL
#   .ci/databases.sh stop
#
# State (data, sockets, pids, the env file) lives in $VERSIOND_DB_DIR (default /tmp/versiond-test-databases).
# A server given already (the variable set by the caller) is neither started nor stopped.
set -euo pipefail
DIR="${VERSIOND_DB_DIR:-/tmp/versiond-test-databases}"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The servers refuse to run as root: as root they run as a user without a login.
as_server_user() {
    if [ "$(id -u)" = 0 ]; then
        chown -R nobody:nogroup "$DIR"
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

install_missing() {
    local missing=()
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing database servers: ${missing[*]}" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    fi
}

start_postgres() {
    local bin port
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    port="$(free_port)"
    mkdir -p "$DIR/pg"
    as_server_user "$bin/initdb" -D "$DIR/pg/data" -U versiond --auth=trust -E UTF8 >"$DIR/pg/initdb.log" 2>&1
    as_server_user "$bin/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w \
        -o "-p $port -k $DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
    as_server_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U versiond versiond_test
    echo "export VERSIOND_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$port/versiond_test?user=versiond'" >>"$DIR/env"
}

start_mariadb() {
    local port
    port="$(free_port)"
    mkdir -p "$DIR/mariadb"
    cat >"$DIR/mariadb/init.sql" <<'SQL'
CREATE DATABASE IF NOT EXISTS versiond_test;
CREATE USER IF NOT EXISTS 'versiond'@'127.0.0.1' IDENTIFIED BY 'versiond-test-pw';
GRANT ALL ON versiond_test.* TO 'versiond'@'127.0.0.1';
SQL
    local user=()
    [ "$(id -u)" = 0 ] && user=(--user=nobody)
    [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$DIR"
    mariadb-install-db --no-defaults --datadir="$DIR/mariadb/data" "${user[@]}" --auth-root-authentication-method=socket \
        --skip-test-db >"$DIR/mariadb/install.log" 2>&1
    [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$DIR"
    /usr/sbin/mariadbd --no-defaults --datadir="$DIR/mariadb/data" "${user[@]}" --port="$port" \
        --bind-address=127.0.0.1 --socket="$DIR/mariadb/sock" --pid-file="$DIR/mariadb/pid" \
        --init-file="$DIR/mariadb/init.sql" --skip-name-resolve --innodb-flush-log-at-trx-commit=0 \
        >"$DIR/mariadb/server.log" 2>&1 &
    for _ in $(seq 1 60); do
        if [ -S "$DIR/mariadb/sock" ] && grep -q "ready for connections" "$DIR/mariadb/server.log"; then
            echo "export VERSIOND_TEST_MARIADB_URL='jdbc:mariadb://127.0.0.1:$port/versiond_test?user=versiond&password=versiond-test-pw'" >>"$DIR/env"
            return 0
        fi
        sleep 0.5
    done
    echo "mariadbd did not start; see $DIR/mariadb/server.log" >&2
    return 1
}

case "${1:-}" in
    start)
        install_missing
        mkdir -p "$DIR"
        : >"$DIR/env"
        [ -n "${VERSIOND_TEST_PG_URL:-}" ] || start_postgres
        [ -n "${VERSIOND_TEST_MARIADB_URL:-}" ] || start_mariadb
        cat "$DIR/env"
        ;;
    stop)
        if [ -d "$DIR/pg/data" ]; then
            bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
            as_server_user "$bin/pg_ctl" -D "$DIR/pg/data" -m immediate stop >&2 || true
        fi
        if [ -f "$DIR/mariadb/pid" ]; then
            kill "$(cat "$DIR/mariadb/pid")" 2>/dev/null || true
            for _ in $(seq 1 40); do [ -f "$DIR/mariadb/pid" ] || break; sleep 0.25; done
        fi
        rm -rf "$DIR"
        ;;
    *)
        echo "usage: $0 start|stop" >&2
        exit 2
        ;;
esac
