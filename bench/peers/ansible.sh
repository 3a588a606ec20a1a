#!/usr/bin/env bash
# The peer benchmark's workload as an Ansible playbook for `ansible-pull` (which needs a Git
# repository: DIR becomes one): FILES files from one Jinja2 template (one task with a loop, as
# Ansible is written), COMMANDS guarded commands (ansible.builtin.command with `creates`, half of
# them; the other half with an `unless`-style guard: a `stat` and a `when`, one loop each), one
# symbolic link switched to the release, everything under ROOT, facts not gathered (they are not
# used: the cheapest run Ansible offers).
# Usage: bench/peers/ansible.sh DIR ROOT FILES COMMANDS
set -euo pipefail
dir="$1"; root="$2"; files="$3"; commands="$4"
half=$((commands / 2))
mkdir -p "$dir/templates"
cat > "$dir/templates/entry.conf.j2" <<'TPL'
# {{ component }} {{ version }} on {{ host }}: generated, do not edit
listen={{ listen }}
{% for u in upstreams %}
upstream={{ u }}
{% endfor %}
TPL
cat > "$dir/local.yml" <<YAML
- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    root: "$root"
    component: bench
    version: "1.0.0"
    host: bench-1
    listen: "127.0.0.1:8080"
    upstreams: [10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]
    release: "{{ root }}/opt/bench/releases/1.0.0"
  tasks:
    - name: directories
      ansible.builtin.file: { path: "{{ item }}", state: directory, mode: "0755" }
      loop: ["{{ root }}/etc/bench/conf.d", "{{ release }}"]
    - name: config files
      ansible.builtin.template: { src: templates/entry.conf.j2, dest: "{{ root }}/etc/bench/conf.d/{{ '%03d' | format(item) }}.conf", mode: "0640" }
      loop: "{{ range(1, $files + 1) | list }}"
    - name: guarded by creates
      ansible.builtin.command: { argv: [mkdir, -p, "{{ release }}/dir-{{ '%03d' | format(item) }}"], creates: "{{ release }}/dir-{{ '%03d' | format(item) }}" }
      loop: "{{ range(1, $half + 1) | list }}"
    - name: look before the unless-guarded commands
      ansible.builtin.stat: { path: "{{ release }}/mark-{{ '%03d' | format(item) }}" }
      loop: "{{ range($half + 1, $commands + 1) | list }}"
      register: marks
    - name: guarded by unless
      ansible.builtin.command: { argv: [touch, "{{ release }}/mark-{{ '%03d' | format(item.item) }}"] }
      loop: "{{ marks.results }}"
      loop_control: { label: "{{ item.item }}" }
      when: not item.stat.exists
    - name: current release
      ansible.builtin.file: { src: releases/1.0.0, dest: "{{ root }}/opt/bench/current", state: link }
YAML
git -C "$dir" init -q -b main
git -C "$dir" add -A
git -C "$dir" -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false commit -q -m "bench workload"
