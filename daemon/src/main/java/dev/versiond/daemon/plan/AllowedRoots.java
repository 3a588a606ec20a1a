package dev.versiond.daemon.plan;

import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Command;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host paths steps may touch: absolute, normalised directories from the agent config
 * ({@code allowed-roots}); none configured means everywhere. A path is inside a root when, after
 * normalisation, it is the root or below it ({@code /opt} allows {@code /opt/app}, not
 * {@code /optional}). This is the text check the planner can make without a disk; the executor
 * checks again with symbolic links resolved (see {@code HostRoot}).
 */
public record AllowedRoots(List<String> roots) {
    public AllowedRoots {
        List<String> normalised = new ArrayList<>();
        for (String r : roots) {
            if (r == null || !r.startsWith("/")) {
                throw new IllegalArgumentException("an allowed root must be an absolute path: " + r);
            }
            normalised.add(Path.of(r).normalize().toString());
        }
        roots = List.copyOf(normalised);
    }

    /** No restriction: every path is allowed. */
    public static AllowedRoots everywhere() {
        return new AllowedRoots(List.of());
    }

    public boolean isEverywhere() {
        return roots.isEmpty();
    }

    /** Whether an absolute host path is inside one of the roots (always, when there are none). */
    public boolean permits(String hostPath) {
        if (isEverywhere()) {
            return true;
        }
        if (hostPath == null || !hostPath.startsWith("/")) {
            return false;
        }
        Path p = Path.of(hostPath).normalize();
        return roots.stream().anyMatch(r -> p.startsWith(Path.of(r)));
    }

    /**
     * The first host path a step would touch outside the roots, described for a status line:
     * file and link paths, an absolute link target, {@code creates}, and the working directory of
     * every command (including {@code unless} and {@code down}).
     */
    public Optional<String> violation(Step step) {
        if (isEverywhere()) {
            return Optional.empty();
        }
        for (String[] use : paths(step)) {
            if (!permits(use[1])) {
                return Optional.of("step '" + step.id() + "' " + use[0] + " " + use[1] + " is outside the allowed roots "
                        + roots + " (allowed-roots in the agent config)");
            }
        }
        return Optional.empty();
    }

    private static List<String[]> paths(Step step) {
        List<String[]> out = new ArrayList<>();
        if (step instanceof FileStep f) {
            out.add(new String[] {"path", f.path()});
        } else if (step instanceof LinkStep l) {
            out.add(new String[] {"path", l.path()});
            if (l.target().startsWith("/")) {
                out.add(new String[] {"target", l.target()});
            } else {
                out.add(new String[] {"target", relativeTarget(l.path(), l.target())});
            }
        } else if (step instanceof RunStep r) {
            r.creates().ifPresent(c -> out.add(new String[] {"creates", c}));
            cwd(r.command(), out);
            r.unless().ifPresent(c -> cwd(c, out));
            r.down().ifPresent(c -> cwd(c, out));
        } else if (step instanceof dev.versiond.spec.model.SqlStep q && q.isHostFile()) {
            out.add(new String[] {"database", q.database()});
        } else if (step instanceof CheckStep c) {
            if (c.probe() instanceof dev.versiond.spec.model.Probe.Exec exec) {
                cwd(exec.command(), out);
            }
        } else if (step instanceof dev.versiond.spec.model.SnapshotStep snap) {
            snap.paths().forEach(p -> out.add(new String[] {"snapshots", p}));
            snap.targets(dev.versiond.spec.model.SnapshotStep.Engine.SQLITE)
                    .forEach(p -> out.add(new String[] {"snapshots", p}));
        }
        return out;
    }

    /** Where a relative link target leads, as a host path; one that climbs above {@code /} leads nowhere allowed. */
    private static String relativeTarget(String linkPath, String target) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String seg : linkPath.split("/")) {
            if (!seg.isEmpty()) {
                parts.addLast(seg);
            }
        }
        parts.pollLast(); // the link itself
        for (String seg : target.split("/")) {
            if (seg.equals("..")) {
                if (parts.pollLast() == null) {
                    return "(above /) " + target;
                }
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                parts.addLast(seg);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static void cwd(Command c, List<String[]> out) {
        c.cwd().ifPresent(d -> out.add(new String[] {"cwd", d}));
    }
}
