#!/usr/bin/env bash
# versiond against Debian's Puppet and Ansible on one workload: FILES templated config files,
# COMMANDS guarded commands (half `creates`, half `unless`), one symbolic link switched to a release,
# under a scratch root. The three versions are bench/peers/{versiond,puppet,ansible}.sh. Each tool
# runs a first apply on an empty root and then the no-op re-run, RUNS times (a fresh root each
# time); the figure is the CPU time (user + sys, children included: GNU time's %U + %S), median of
# the runs. Scales: 1 = 100 files and 20 commands, 5 = 500 and 100.
#
#   versiond (launcher): `versiond apply --once` through the Debian package's /usr/bin/versiond
#     (daemon/src/deb/files/versiond), with the command line's class-data archive made the way the
#     postinst makes it (make-cds-archive.sh JAR cli.jsa cli).
#   versiond (java -jar): the same jar with the JVM's default flags, for reference.
#   puppet apply: Debian's puppet package (7.x), the manifest bench/peers/puppet.sh writes.
#   ansible-pull: Debian's ansible package (core 2.14), from a local Git repository, -c local.
#
# Usage: bench/peers-apply.sh [--runs N] [--scales "1 5"] [--ansible-scales "1"] [--no-doc]
#   needs daemon/target/versiond.jar, puppet, ansible, git, GNU time (apt-get install puppet ansible time).
set -euo pipefail

RUNS=3
SCALES="1 5"
ANSIBLE_SCALES="1 5"
WRITE_DOC=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --scales) SCALES="$2"; shift 2 ;;
    --ansible-scales) ANSIBLE_SCALES="$2"; shift 2 ;;
    --no-doc) WRITE_DOC=0; shift ;;
    *) echo "usage: $0 [--runs N] [--scales \"1 5\"] [--ansible-scales \"1 5\"] [--no-doc]" >&2; exit 2 ;;
  esac
done
HERE="$(cd "$(dirname "$0")" && pwd)"
TOP="$(cd "$HERE/.." && pwd)"
JAR="$TOP/daemon/target/versiond.jar"
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -B -q -o package -DskipTests" >&2; exit 1; }
for tool in puppet ansible-pull git /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install puppet ansible git time)" >&2; exit 1; }
done
WORK="$(mktemp -d /tmp/versiond-peers.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# The launcher's home, as the package lays it out and its postinst completes it.
mkdir -p "$WORK/lib"
cp "$JAR" "$WORK/lib/versiond.jar"
(cd "$WORK" && "$TOP/systemd/make-cds-archive.sh" "$WORK/lib/versiond.jar" "$WORK/lib/cli.jsa" cli > /dev/null)
LAUNCHER="$TOP/daemon/src/deb/files/versiond"

export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0

cpu_ms() { # runs "$@", prints user+sys CPU in ms (children included)
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$@" > "$WORK/out" 2>&1 || { echo "failed: $*" >&2; tail -20 "$WORK/out" >&2; exit 1; }
  awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$WORK/time"
}

run_tool() { # $1 tool, $2 case dir, $3 root, $4 files, $5 commands; prints "first_ms noop_ms"
  local tool="$1" dir="$2" root="$3" files="$4" commands="$5" first noop
  case "$tool" in
    versiond-launcher|versiond-jar)
      [ -d "$dir/repo" ] || "$HERE/peers/versiond.sh" "$dir/repo" "$root" "$files" "$commands"
      local -a cmd
      if [ "$tool" = versiond-launcher ]; then cmd=(env VERSIOND_HOME="$WORK/lib" "$LAUNCHER"); else cmd=(java -jar "$JAR"); fi
      cmd+=(apply --once --repo "file://$dir/repo" --state "$dir/state" --root "$root" --host bench-1)
      first=$(cpu_ms "${cmd[@]}"); noop=$(cpu_ms "${cmd[@]}")
      grep -q no_change "$WORK/out" || { echo "versiond re-run was not a no-op" >&2; cat "$WORK/out" >&2; exit 1; } ;;
    puppet)
      [ -d "$dir/pp" ] || "$HERE/peers/puppet.sh" "$dir/pp" "$root" "$files" "$commands"
      local -a cmd=(puppet apply --vardir "$dir/pvar" --confdir "$dir/pconf" --codedir "$dir/pcode"
        --logdir "$dir/plog" --rundir "$dir/prun" "$dir/pp/site.pp")
      first=$(cpu_ms "${cmd[@]}"); noop=$(cpu_ms "${cmd[@]}")
      grep -q "Notice: .*created\|changed" "$WORK/out" && { echo "puppet re-run changed something" >&2; cat "$WORK/out" >&2; exit 1; } ;;
    ansible)
      [ -d "$dir/ar" ] || "$HERE/peers/ansible.sh" "$dir/ar" "$root" "$files" "$commands"
      rm -rf "$dir/acheck"
      local -a cmd=(env ANSIBLE_HOME="$dir/ah" ANSIBLE_LOCAL_TEMP="$dir/ah/tmp" ansible-pull -U "file://$dir/ar" -C main
        -d "$dir/acheck" -i localhost, local.yml)
      first=$(cpu_ms "${cmd[@]}"); noop=$(cpu_ms "${cmd[@]}")
      grep -q "changed=0 " "$WORK/out" || { echo "ansible re-run changed something" >&2; tail -5 "$WORK/out" >&2; exit 1; } ;;
  esac
  local made; made=$(find "$root/etc/bench/conf.d" -type f | wc -l)
  [ "$made" -eq "$files" ] && [ -L "$root/opt/bench/current" ] \
    || { echo "$tool left $made of $files files (and the link: $(readlink "$root/opt/bench/current" || echo none))" >&2; exit 1; }
  echo "$first $noop"
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

declare -A FIRST NOOP ALLF ALLN
TOOLS="versiond-launcher versiond-jar puppet ansible"
for scale in $SCALES; do
  files=$((100 * scale)); commands=$((20 * scale))
  for tool in $TOOLS; do
    if [ "$tool" = ansible ] && [[ " $ANSIBLE_SCALES " != *" $scale "* ]]; then continue; fi
    fs=(); ns=()
    for r in $(seq 1 "$RUNS"); do
      dir="$WORK/$tool-$scale-$r"; mkdir -p "$dir/root"
      read -r f n < <(run_tool "$tool" "$dir" "$dir/root" "$files" "$commands")
      fs+=("$f"); ns+=("$n")
      echo "scale $scale $tool run $r: first ${f} ms CPU, no-op ${n} ms CPU" >&2
      rm -rf "$dir"
    done
    FIRST[$tool,$scale]=$(median "${fs[@]}"); NOOP[$tool,$scale]=$(median "${ns[@]}")
    ALLF[$tool,$scale]="${fs[*]}"; ALLN[$tool,$scale]="${ns[*]}"
  done
done

ratio() { [ -n "${2:-}" ] && [ "${2:-0}" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo "-"; }
table() {
  echo "| scale | tool | first apply CPU | no-op CPU | peer ÷ versiond (launcher), first / no-op |"
  echo "|---|---|---|---|---|"
  for scale in $SCALES; do
    for tool in $TOOLS; do
      [ -n "${FIRST[$tool,$scale]:-}" ] || continue
      local label="$tool"
      case "$tool" in versiond-launcher) label="versiond apply --once (launcher)";; versiond-jar) label="versiond (java -jar)";;
        puppet) label="puppet apply";; ansible) label="ansible-pull";; esac
      echo "| $((100 * scale)) files, $((20 * scale)) cmds | $label | ${FIRST[$tool,$scale]} ms (${ALLF[$tool,$scale]}) | ${NOOP[$tool,$scale]} ms (${ALLN[$tool,$scale]}) | $(ratio "${FIRST[$tool,$scale]}" "${FIRST[versiond-launcher,$scale]}") / $(ratio "${NOOP[$tool,$scale]}" "${NOOP[versiond-launcher,$scale]}") |"
    done
  done
}
table
[ "$WRITE_DOC" -eq 1 ] || exit 0

SECTION="$WORK/section.md"
{
  echo "## Against Puppet and Ansible (one-shot apply, CPU)"
  echo
  echo "The same workload written for each tool (bench/peers/): **100 templated config files, 20 guarded"
  echo "commands** (half \`creates\`, half \`unless\`) **and one symbolic link switched to the release**, under"
  echo "a scratch root; scale 5 is 500 files and 100 commands. Each tool runs a first apply on an empty"
  echo "root, then the no-op re-run; CPU = user + sys of the whole process tree (GNU time), median of ${RUNS}"
  echo "runs (each run's figure in brackets). The last column is the peer's CPU divided by versiond's"
  echo "through the launcher: the goal is ≥ 3 for puppet and ≥ 10 for ansible-pull."
  echo
  table
  echo
  echo "- versiond (launcher): the Debian package's /usr/bin/versiond (C1 only, serial GC, the class-data archive"
  echo "  of \`apply --once\` made as the postinst makes it); versiond (java -jar): default JVM flags, no archive."
  echo "- puppet: $(puppet --version) from Debian; ansible: $(ansible --version | head -1 | tr -d '[]'), facts not gathered."
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average"
  echo "  $(cut -d' ' -f1 /proc/loadavg) at the end (the machine is shared); $(java -version 2>&1 | head -1)."
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ). Command: \`bench/peers-apply.sh --runs ${RUNS} --scales \"${SCALES}\" --ansible-scales \"${ANSIBLE_SCALES}\"\`."
} > "$SECTION"
python3 - "$TOP/docs/benchmarks.md" "$SECTION" <<'PY'
import pathlib, re, sys
doc, section = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
text = doc.read_text()
pattern = re.compile(r"^## Against Puppet and Ansible.*?\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
doc.write_text(text.rstrip("\n") + "\n")
PY
echo "updated docs/benchmarks.md" >&2
