package dev.versiond.daemon.sql;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.SqlStep;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Step;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * {@code versiond repair}'s part in a database: accepts the desired state's definition of a
 * {@code sql} step that was edited after it ran, by writing its checksum into the step's up rows of
 * {@code versiond_schema_history} (under versiond's lock of the database). Nothing is re-run.
 */
public final class SqlHistoryRepair {
    private SqlHistoryRepair() {
    }

    /**
     * Accepts every {@code sql} step of the desired state (of one component, if given) in the
     * databases it names: the named ones this agent knows, and SQLite files that exist under the root.
     *
     * @return what was accepted, as {@code component version step (database)}
     */
    public static List<String> acceptAll(Databases databases, HostRoot root, DesiredState desired,
                                         Optional<String> only) {
        List<String> accepted = new ArrayList<>();
        for (Component c : desired.components().values()) {
            if (only.isPresent() && !only.get().equals(c.name())) {
                continue;
            }
            for (Migration m : c.migrations().values()) {
                for (Step s : m.up()) {
                    if (!(s instanceof SqlStep sql) || !databases.knows(sql)
                            || sql.isHostFile() && !Files.isRegularFile(root.resolve(sql.database()))) {
                        continue;
                    }
                    if (accept(databases, sql, root, c.name(), m.version().toString()) > 0) {
                        accepted.add(c.name() + " " + m.version() + " " + sql.id() + " (" + sql.database() + ")");
                    }
                }
            }
        }
        return accepted;
    }

    /**
     * @return how many history rows were changed (0: the step never ran there, or its checksum matched)
     * @throws VersiondException ({@link ErrorCode.STEP_FAILED}) when the database cannot be reached, masked
     */
    public static int accept(Databases databases, SqlStep step, HostRoot root, String component, String version) {
        Objects.requireNonNull(step, "step");
        DatabaseEndpoint endpoint = databases.endpoint(step, root);
        try (Session s = Session.open(endpoint, step.effectiveTimeout())) {
            if (!s.lock()) {
                throw new VersiondException(ErrorCode.STEP_FAILED, "could not take versiond's lock of " + endpoint);
            }
            if (!SchemaHistory.exists(s.connection())) {
                return 0;
            }
            s.begin();
            int rows = SchemaHistory.accept(s.connection(), component, version, step.id(), Checksums.of(step));
            s.commit();
            return rows;
        } catch (SQLException e) {
            throw new VersiondException(ErrorCode.STEP_FAILED, databases.redactor().mask(DatabaseEndpoint.mask(
                    "cannot repair the history of sql step '" + step.id() + "' in " + endpoint + ": " + e.getMessage())), e);
        }
    }
}
