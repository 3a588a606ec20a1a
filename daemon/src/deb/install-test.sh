#!/usr/bin/env bash
# Installs the package that `./mvnw package` built into this machine with dpkg -i, as a host's admin
# would, and checks what the package promises: the launcher runs (`versiond --version` names the
# commit), the command line's class-data archive was made at install time and maps, completions and
# man pages are in place, the config is a conffile, nothing was enabled, and then that remove keeps
# /var/lib/versiond and the config while purge deletes both. lintian runs on the .deb first when it
# is installed. Needs root; CI (.ci/run, root on Debian) runs it after the test suite. It refuses to
# touch a machine where a versiond package is already installed.
#
# Usage: daemon/src/deb/install-test.sh [DEB]   (default: daemon/target/versiond_*_all.deb)
set -uo pipefail
cd "$(dirname "$0")/../../.."
deb="${1:-$(ls daemon/target/versiond_*_all.deb 2> /dev/null | head -n 1)}"
[ -f "$deb" ] || { echo "no package: run ./mvnw package first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "install-test.sh installs a package: run it as root" >&2; exit 1; }
if dpkg-query -W -f='${Status}' versiond 2> /dev/null | grep -q installed; then
    echo "a versiond package is installed on this machine already; not touching it" >&2
    exit 1
fi

passed=0
failed=0
check() {
    local what="$1"
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok      $what"
    else
        failed=$((failed + 1))
        echo "FAILED  $what"
    fi
}

if command -v lintian > /dev/null; then
    lint=$(lintian --allow-root "$deb" 2>&1)
    check "lintian reports nothing${lint:+: $lint}" test -z "$lint"
else
    echo "lintian is not installed: the package's lint is not checked (apt-get install lintian)"
fi

echo "dpkg -i $deb"
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" || { echo "FAILED  dpkg -i"; exit 1; }

check "versiond --version names the version and the commit" \
    sh -c "versiond --version | grep -Eq '^versiond [0-9][^ ]* \\((commit [0-9a-f]{12}|unknown commit)'"
check "postinst made the command line's archive" test -s /usr/lib/versiond/cli.jsa
check "postinst made the agent's archive" test -s /usr/lib/versiond/versiond.jsa
# -Xshare:on after the launcher's -Xshare:auto: an archive that does not map is an error, not a silent fallback.
check "the launcher maps the archive (-Xshare:on)" \
    sh -c 'VERSIOND_JAVA_OPTS=-Xshare:on versiond --version > /dev/null'
check "bash completes versiond's commands" \
    bash -c '. /usr/share/bash-completion/completions/versiond && complete -p versiond > /dev/null'
check "zsh and fish completions are installed" \
    test -s /usr/share/zsh/vendor-completions/_versiond -a -s /usr/share/fish/vendor_completions.d/versiond.fish
check "man pages name the options" sh -c "zcat /usr/share/man/man1/versiond-plan.1.gz | grep -q 'repo'"
if command -v man > /dev/null; then
    check "man renders versiond(1) without warnings" \
        sh -c 'test -z "$(MANWIDTH=80 man --warnings -l /usr/share/man/man1/versiond.1.gz 2>&1 > /dev/null)"'
fi
check "agent.yaml is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' versiond | grep -q /etc/versiond/agent.yaml"
check "agent.yaml is root's only (0600)" sh -c '[ "$(stat -c %a /etc/versiond/agent.yaml)" = 600 ]'
check "the unit is installed" test -f /lib/systemd/system/versiond.service
check "nothing was enabled" test ! -e /etc/systemd/system/multi-user.target.wants/versiond.service
check "the state directory exists, root's only" sh -c '[ "$(stat -c %a /var/lib/versiond)" = 700 ]'
check "the Grafana dashboard is installed" test -s /usr/share/versiond/grafana/versiond-dashboard.json

# What an agent would have recorded by now.
echo recorded > /var/lib/versiond/marker
echo "dpkg -r versiond"
DEBIAN_FRONTEND=noninteractive dpkg -r versiond || { echo "FAILED  dpkg -r"; exit 1; }
check "remove keeps the recorded state" test -f /var/lib/versiond/marker
check "remove keeps the config" test -f /etc/versiond/agent.yaml
check "remove takes the launcher, the jar and the generated archives" \
    test ! -e /usr/bin/versiond -a ! -e /usr/lib/versiond
echo "dpkg -P versiond"
DEBIAN_FRONTEND=noninteractive dpkg -P versiond || { echo "FAILED  dpkg -P"; exit 1; }
check "purge deletes the recorded state" test ! -e /var/lib/versiond
check "purge deletes the config" test ! -e /etc/versiond/agent.yaml

echo "deb install test: $passed passed, $failed failed"
[ "$failed" = 0 ]
