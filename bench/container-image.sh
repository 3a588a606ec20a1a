#!/usr/bin/env bash
# Builds the Dockerfile for real without a registry: mmdebstrap makes a Debian base from the apt
# archive this machine uses (its /etc/apt/sources.list.d/*.sources or sources.list), buildah imports
# it and builds the Dockerfile with that base for both stages (BUILD_IMAGE and RUNTIME_IMAGE; the
# public images stay the Dockerfile's defaults), then, where this machine can run a container,
# starts the image with a scratch agent.yaml and checks GET /healthz; where it cannot, it says why
# and checks the build alone (the image exists, runs java, holds the jar).
#
# The base tarball is kept in /var/tmp/versiond-debian-base-SUITE.tar and reused (mmdebstrap takes
# minutes); delete it to make a fresh one.
#
# Usage: bench/container-image.sh [--keep]   (root; apt-get install mmdebstrap buildah podman)
set -euo pipefail
KEEP=0
[ "${1:-}" = --keep ] && KEEP=1
TOP="$(cd "$(dirname "$0")/.." && pwd)"
for tool in mmdebstrap buildah podman; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install mmdebstrap buildah podman)" >&2; exit 1; }
done
WORK="$(mktemp -d /tmp/versiond-image.XXXXXX)"
cleanup() {
  [ -n "${CID:-}" ] && podman rm -f "$CID" > /dev/null 2>&1 || true
  if [ "$KEEP" = 0 ]; then podman rmi -f versiond-bench:latest localhost/versiond-debian-base:bookworm > /dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
export BUILDAH_ISOLATION="${BUILDAH_ISOLATION:-chroot}"  # no nested user namespaces needed to build
# The build stage downloads Maven and the dependencies: it gets the host network (--network host).

sources=$(ls /etc/apt/sources.list.d/*.sources 2> /dev/null | head -n 1 || true)
[ -n "$sources" ] || sources=/etc/apt/sources.list
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
base="/var/tmp/versiond-debian-base-$suite.tar"
if [ -s "$base" ]; then
  echo "== base: $base (made earlier by mmdebstrap; delete it for a fresh one)"
else
  echo "== base: mmdebstrap $suite from $sources (JDK 17 headless, ca-certificates, curl, passwd)"
  start=$(date +%s)
  mmdebstrap --variant=apt --mode=root --format=tar \
    --include=openjdk-17-jdk-headless,ca-certificates,curl,passwd \
    "$suite" "$WORK/base.tar" "$sources" > "$WORK/mmdebstrap.log" 2>&1 \
    || { tail -20 "$WORK/mmdebstrap.log" >&2; exit 1; }
  mv "$WORK/base.tar" "$base"
  echo "   $(du -h "$base" | cut -f1) in $(( $(date +%s) - start )) s"
fi
# A root file system tarball becomes an image with podman import (buildah has no import).
podman rmi -f localhost/versiond-debian-base:bookworm > /dev/null 2>&1 || true
podman import "$base" localhost/versiond-debian-base:bookworm > /dev/null
# The base trusts what this machine trusts: a machine whose HTTPS goes through its own certificate
# authority (installed in /usr/local/share/ca-certificates) would otherwise fail the build stage's
# downloads of Maven and the dependencies with "self-signed certificate in certificate chain".
if ls /usr/local/share/ca-certificates/*.crt > /dev/null 2>&1; then
  ctr=$(buildah from localhost/versiond-debian-base:bookworm)
  buildah copy "$ctr" /usr/local/share/ca-certificates /usr/local/share/ca-certificates > /dev/null
  buildah run "$ctr" -- update-ca-certificates > /dev/null 2>&1
  buildah commit --rm "$ctr" localhost/versiond-debian-base:bookworm > /dev/null 2>&1
  echo "   with this machine's local certificate authorities: $(ls /usr/local/share/ca-certificates | tr '\n' ' ')"
fi
echo "== build: the Dockerfile with BUILD_IMAGE and RUNTIME_IMAGE = that base"
start=$(date +%s)
buildah build --layers=false --network host -f "$TOP/Dockerfile" \
  --build-arg BUILD_IMAGE=localhost/versiond-debian-base:bookworm \
  --build-arg RUNTIME_IMAGE=localhost/versiond-debian-base:bookworm \
  -t versiond-bench:latest "$TOP" > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
echo "   built in $(( $(date +%s) - start )) s: $(buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' versiond-bench:latest)"

echo "== check the build: java and the jar in the image"
ctr=$(buildah from versiond-bench:latest)
version=$(buildah run --user root "$ctr" -- java -jar /opt/versiond/versiond.jar --version 2>&1) \
  || { echo "the image cannot run versiond --version: $version" >&2; buildah rm "$ctr" > /dev/null; exit 1; }
buildah rm "$ctr" > /dev/null
echo "   $version"

echo "== run: the image as a container, GET /healthz"
if ! command -v podman > /dev/null; then
  echo "   podman is not installed: this machine cannot run the container; the build alone was checked"
  exit 0
fi
mkdir -p "$WORK/etc"
printf 'repo: file:///nonexistent\nhost: image-check\ninterval: 1m\n' > "$WORK/etc/agent.yaml"
chmod 0644 "$WORK/etc/agent.yaml"
if ! CID=$(podman run -d --network host -v "$WORK/etc/agent.yaml:/etc/versiond/agent.yaml:ro" \
      localhost/versiond-bench:latest run --config /etc/versiond/agent.yaml --http 127.0.0.1:19799 2> "$WORK/run.err"); then
  echo "   this machine cannot run a container: $(tr '\n' ' ' < "$WORK/run.err")"
  echo "   the build alone was checked"
  CID=
  exit 0
fi
for _ in $(seq 1 120); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:19799/healthz)" = 200 ]; then
    echo "   GET /healthz: 200 from the running container"
    exit 0
  fi
  [ "$(podman inspect -f '{{.State.Running}}' "$CID" 2> /dev/null)" = true ] || break
  sleep 1
done
echo "   the container did not answer /healthz:" >&2
podman logs "$CID" 2>&1 | tail -20 >&2
exit 1
