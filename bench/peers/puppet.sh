#!/usr/bin/env bash
# The peer benchmark's workload as a Puppet manifest for `puppet apply`: FILES files rendered from
# one EPP template, COMMANDS exec resources (half guarded by `creates`, half by `unless`), one
# symbolic link switched to the release, everything under ROOT.
# Usage: bench/peers/puppet.sh DIR ROOT FILES COMMANDS   (writes DIR/site.pp and DIR/entry.conf.epp)
set -euo pipefail
dir="$1"; root="$2"; files="$3"; commands="$4"
mkdir -p "$dir"
cat > "$dir/entry.conf.epp" <<'TPL'
<%- | String $component, String $version, String $host, String $listen, Array[String] $upstreams | -%>
# <%= $component %> <%= $version %> on <%= $host %>: generated, do not edit
listen=<%= $listen %>
<% $upstreams.each |$u| { -%>
upstream=<%= $u %>
<% } -%>
TPL
half=$((commands / 2))
{
  echo "\$root = '$root'"
  echo "\$template = file('$dir/entry.conf.epp')"
  echo "\$params = { 'component' => 'bench', 'version' => '1.0.0', 'host' => 'bench-1', 'listen' => '127.0.0.1:8080',"
  echo "             'upstreams' => ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] }"
  echo "file { [\"\$root/etc\", \"\$root/etc/bench\", \"\$root/etc/bench/conf.d\", \"\$root/opt\", \"\$root/opt/bench\","
  echo "        \"\$root/opt/bench/releases\", \"\$root/opt/bench/releases/1.0.0\"]: ensure => directory }"
  for i in $(seq -f %03g 1 "$files"); do
    echo "file { \"\$root/etc/bench/conf.d/$i.conf\": ensure => file, mode => '0640', content => inline_epp(\$template, \$params) }"
  done
  for i in $(seq -f %03g 1 "$half"); do
    echo "exec { 'create-$i': command => ['/bin/mkdir', '-p', \"\$root/opt/bench/releases/1.0.0/dir-$i\"],"
    echo "  creates => \"\$root/opt/bench/releases/1.0.0/dir-$i\", require => File[\"\$root/opt/bench/releases/1.0.0\"] }"
  done
  for i in $(seq -f %03g $((half + 1)) "$commands"); do
    echo "exec { 'mark-$i': command => ['/usr/bin/touch', \"\$root/opt/bench/releases/1.0.0/mark-$i\"],"
    echo "  unless => \"/usr/bin/test -e \$root/opt/bench/releases/1.0.0/mark-$i\", require => File[\"\$root/opt/bench/releases/1.0.0\"] }"
  done
  echo "file { \"\$root/opt/bench/current\": ensure => link, target => 'releases/1.0.0' }"
} > "$dir/site.pp"
