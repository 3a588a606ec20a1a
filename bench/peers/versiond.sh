#!/usr/bin/env bash
# The peer benchmark's workload as versiond's desired state: one component with FILES templated
# config files, a migration of COMMANDS guarded commands (half `creates`, half `unless`) that
# unpacks a release, and one symbolic link switched to it (current -> releases/1.0.0).
# Usage: bench/peers/versiond.sh DIR ROOT FILES COMMANDS   (writes a Git repository into DIR)
set -euo pipefail
dir="$1"; root="$2"; files="$3"; commands="$4"
mkdir -p "$dir/components/bench/migrations" "$dir/components/bench/templates" "$dir/targets"
{
  echo "kind: Component"
  echo "name: bench"
  echo "config:"
  echo "  files:"
  for i in $(seq -f %03g 1 "$files"); do
    echo "    - id: conf-$i"
    echo "      file: { path: /etc/bench/conf.d/$i.conf, template: templates/entry.conf.mustache, mode: \"0640\" }"
  done
} > "$dir/components/bench/component.yaml"
cat > "$dir/components/bench/templates/entry.conf.mustache" <<'TPL'
# {{component}} {{version}} on {{host}}: generated, do not edit
listen={{config.listen}}
{{#config.upstreams}}
upstream={{.}}
{{/config.upstreams}}
TPL
half=$((commands / 2))
{
  echo "kind: Migration"
  echo "version: 1.0.0"
  echo "up:"
  for i in $(seq -f %03g 1 "$half"); do
    echo "  - id: create-$i"
    echo "    run:"
    echo "      argv: [mkdir, -p, '$root/opt/bench/releases/1.0.0/dir-$i']"
    echo "      creates: /opt/bench/releases/1.0.0/dir-$i"
    echo "      down: [rm, -rf, '$root/opt/bench/releases/1.0.0/dir-$i']"
  done
  for i in $(seq -f %03g $((half + 1)) "$commands"); do
    echo "  - id: mark-$i"
    echo "    run:"
    echo "      argv: [touch, '$root/opt/bench/releases/1.0.0/mark-$i']"
    echo "      unless: [test, -e, '$root/opt/bench/releases/1.0.0/mark-$i']"
    echo "      down: [rm, -f, '$root/opt/bench/releases/1.0.0/mark-$i']"
  done
  echo "  - id: current"
  echo "    link: { path: /opt/bench/current, target: releases/1.0.0 }"
} > "$dir/components/bench/migrations/1.0.0.yaml"
cat > "$dir/targets/all.yaml" <<'YAML'
kind: Target
name: all
components:
  bench:
    version: 1.0.0
    config:
      listen: "127.0.0.1:8080"
      upstreams: [10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]
YAML
git -C "$dir" init -q -b main
git -C "$dir" add -A
git -C "$dir" -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false commit -q -m "bench workload"
