package dev.versiond.daemon.sql;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.SqlStep;
import java.sql.SQLException;
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
     * @return how many history rows now carry the desired checksum (0: the step never ran there)
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
