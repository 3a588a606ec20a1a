# syntax=docker/dockerfile:1
#
# versiond in a container: for demos, for `versiond validate` in CI, and for agents that manage a
# host directory mounted into the container (root: /host). On a VM, install the jar and
# systemd/versiond.service instead: an agent in a container cannot run the host's systemctl.
#
#   docker build -t versiond .
#   docker run --rm -v "$PWD/examples/fleet:/fleet:ro" versiond validate /fleet
#   docker run -d -p 9713:9713 -v versiond-state:/var/lib/versiond \
#       -v "$PWD/agent.yaml:/etc/versiond/agent.yaml:ro" -v "$PWD/token:/etc/versiond/token:ro" versiond

# The base images are build arguments, so the image can be built from a base made from Debian's
# archive where no registry is reachable (bench/container-image.sh: mmdebstrap + buildah). The
# runtime base needs java on PATH and apt-get; the build base a JDK 17.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package

FROM ${RUNTIME_IMAGE}
# curl only for HEALTHCHECK (the image has none); the lists are dropped in the same layer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system versiond \
    && useradd --system --gid versiond --home-dir /var/lib/versiond --shell /usr/sbin/nologin versiond \
    && install -d -o versiond -g versiond -m 0700 /var/lib/versiond \
    && install -d -m 0755 /etc/versiond /opt/versiond
COPY --from=build /src/daemon/target/versiond.jar /opt/versiond/versiond.jar

USER versiond
ENV LANG=C.UTF-8
# The recorded state (SQLite, journal, clone): keep it across container replacements.
VOLUME /var/lib/versiond
EXPOSE 9713
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9713/healthz || exit 1

# JVM flags as in systemd/versiond.service (small, bounded footprint; see the comments there).
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xmn2m", "-XX:MinHeapFreeRatio=10", \
            "-XX:MaxHeapFreeRatio=20", "-XX:-ShrinkHeapInSteps", "-XX:TrimNativeHeapInterval=60000", \
            "-XX:MaxMetaspaceSize=64m", \
            "-XX:ReservedCodeCacheSize=32m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", \
            "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/versiond/versiond.jar"]
# Loopback is useless inside a container, so the endpoint listens on every interface. That makes
# GET /status, /plan, /history and /metrics readable by whoever reaches the published port;
# the POST actions (/sync, /suspend, /resume, /retry) still require the bearer token from
# token-file in agent.yaml, and are refused when none is configured.
CMD ["run", "--config", "/etc/versiond/agent.yaml", "--http", "0.0.0.0:9713"]
