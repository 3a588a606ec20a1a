#!/usr/bin/env python3
"""Writes and commits a desired-state repository of N components for the share benchmarks.

Each component has a component.yaml and three migrations (1.0.0, 1.1.0, 1.2.0) of a guarded run step
with a down and a file step, as bench/daemon-lib.sh's app and PassPhasesAfterChange have. Target
"mine" (label group=mine) names c0..c4 (the host's share: 5 components, or all of them below 5);
targets t0, t1, ... (labels group=g0, g1, ...) name 50 components each.
Usage: bench/share-repo.py DIR N
"""
import os
import subprocess
import sys

MIGRATION = """kind: Migration
version: {v}
up:
  - id: release
    run:
      argv: [sh, -c, 'mkdir -p "$VERSIOND_ROOT/opt/{c}/releases/{v}"']
      creates: /opt/{c}/releases/{v}
      down: [sh, -c, 'rm -rf "$VERSIOND_ROOT/opt/{c}/releases/{v}"']
  - id: marker
    file: {{ path: /opt/{c}/VERSION, content: "{v}{salt}" }}
"""
MINE, PER_TARGET = 5, 50


def main():
    root, n = sys.argv[1], int(sys.argv[2])
    for i in range(n):
        c = "c%d" % i
        os.makedirs(os.path.join(root, "components", c, "migrations"), exist_ok=True)
        with open(os.path.join(root, "components", c, "component.yaml"), "w") as f:
            f.write("kind: Component\nname: %s\n" % c)
        for v in ("1.0.0", "1.1.0", "1.2.0"):
            with open(os.path.join(root, "components", c, "migrations", v + ".yaml"), "w") as f:
                f.write(MIGRATION.format(v=v, c=c, salt=""))
    os.makedirs(os.path.join(root, "targets"), exist_ok=True)
    with open(os.path.join(root, "targets", "mine.yaml"), "w") as f:
        f.write("kind: Target\nname: mine\nselector:\n  labels: { group: mine }\ncomponents:\n")
        for i in range(min(MINE, n)):
            f.write("  c%d: { version: 1.2.0 }\n" % i)
    t = 0
    while MINE + t * PER_TARGET < n:
        with open(os.path.join(root, "targets", "t%d.yaml" % t), "w") as f:
            f.write("kind: Target\nname: t%d\nselector:\n  labels: { group: g%d }\ncomponents:\n" % (t, t))
            for i in range(MINE + t * PER_TARGET, min(n, MINE + (t + 1) * PER_TARGET)):
                f.write("  c%d: { version: 1.2.0 }\n" % i)
        t += 1
    git = ["git", "-C", root, "-c", "user.name=bench", "-c", "user.email=bench@example.org",
           "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "%d components" % n], check=True)
    subprocess.run(["git", "-C", root, "repack", "-adq"], check=True)
    subprocess.run(["git", "-C", root, "prune"], check=True)


if __name__ == "__main__":
    main()
