package dev.versiond.daemon.e2e.daemon;

import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitFixture;
import java.time.Duration;
import java.util.Optional;

/**
 * The desired-state repository of the test application "app": one migration per release, each the
 * shape of a real one, with everything it touches under {@code $VERSIOND_ROOT}:
 *
 * <ol>
 *   <li>{@code unpack} (run, guarded by {@code creates}, with a {@code down}) makes
 *       {@code /opt/app/releases/<v>}, optionally sleeping first so a pass lasts long enough to be
 *       stopped in the middle;
 *   <li>{@code version-file} (file) writes {@code /opt/app/VERSION};
 *   <li>{@code switch} (link) points {@code /opt/app/current} at the release;
 *   <li>verify {@code healthy} (check) passes when {@code current} resolves, or, for an unhealthy
 *       release, fails with a message naming the version.
 * </ol>
 *
 * Target "all" pins app to one version, optionally inside a maintenance window.
 */
final class AppRepository {
    private final GitFixture git;
    private final Fleet fleet;

    AppRepository(GitFixture git) {
        this.git = git;
        this.fleet = Fleet.in(git);
        fleet.component("app");
    }

    GitFixture git() {
        return git;
    }

    /** A release whose verify passes and whose steps do not sleep. */
    AppRepository release(String version) {
        return release(version, true, Duration.ZERO);
    }

    /** A release whose verify check fails ("app VERSION answers 503"). */
    AppRepository unhealthyRelease(String version) {
        return release(version, false, Duration.ZERO);
    }

    /** A release whose {@code unpack} step sleeps first. */
    AppRepository slowRelease(String version, Duration sleep) {
        return release(version, true, sleep);
    }

    private AppRepository release(String v, boolean healthy, Duration sleep) {
        String pause = sleep.isZero() ? "" : "sleep " + sleep.toMillis() / 1000.0 + "; ";
        String check = healthy
                ? "{ command: [sh, -c, 'test -d \"$VERSIOND_ROOT/opt/app/current\"'], interval: 100ms, deadline: 3s }"
                : "{ command: [sh, -c, 'echo \"app %s answers 503\" >&2; exit 1'], interval: 100ms, deadline: 500ms }"
                        .formatted(v);
        fleet.migration("app", v, """
                up:
                  - id: unpack
                    run:
                      argv: [sh, -c, '%smkdir -p "$VERSIOND_ROOT/opt/app/releases/%s"']
                      creates: /opt/app/releases/%s
                      down: [sh, -c, 'rm -rf "$VERSIOND_ROOT/opt/app/releases/%s"']
                  - id: version-file
                    file: { path: /opt/app/VERSION, content: "%s\\n", mode: "0644" }
                  - id: switch
                    link: { path: /opt/app/current, target: /opt/app/releases/%s }
                verify:
                  - id: healthy
                    check: %s
                """.formatted(pause, v, v, v, v, v, check));
        return this;
    }

    /** Pins app to {@code version} (always open) and commits everything written; returns the commit id. */
    String pin(String version) {
        return pin(version, Optional.empty());
    }

    /**
     * Pins app to {@code version}, applied only inside the window that opens at the Quartz
     * {@code cron} (UTC) and lasts one hour, and commits; returns the commit id.
     */
    String pinInWindow(String version, String cron) {
        return pin(version, Optional.of(cron));
    }

    private String pin(String version, Optional<String> windowCron) {
        String windows = windowCron.map(cron -> """
                windows:
                  - cron: "%s"
                    duration: 1h
                    timezone: UTC
                """.formatted(cron)).orElse("");
        fleet.target("all", """
                components:
                  app:
                    version: %s
                """.formatted(version) + windows);
        return fleet.commit("app " + version + windowCron.map(c -> " in window " + c).orElse(""));
    }
}
