package dev.versiond.daemon.state;

import java.util.List;

/**
 * The state database's schema, as an ordered list of migrations (the store migrates itself like
 * the tools it is modelled on). Append only: a shipped migration is never edited.
 */
final class Schema {
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    """
                    CREATE TABLE components (
                      name TEXT PRIMARY KEY,
                      version TEXT NOT NULL,
                      commit_id TEXT NOT NULL,
                      pass_id INTEGER,
                      updated_at TEXT NOT NULL)""",
                    """
                    CREATE TABLE applied_versions (
                      component TEXT NOT NULL,
                      version TEXT NOT NULL,
                      commit_id TEXT NOT NULL,
                      baseline INTEGER NOT NULL,
                      pass_id INTEGER,
                      applied_at TEXT NOT NULL,
                      PRIMARY KEY (component, version))""",
                    """
                    CREATE TABLE applied_steps (
                      component TEXT NOT NULL,
                      version TEXT NOT NULL,
                      section TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      step_id TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      definition TEXT NOT NULL,
                      checksum TEXT NOT NULL,
                      prior TEXT,
                      PRIMARY KEY (component, version, section, step_id))""",
                    """
                    CREATE TABLE passes (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      trigger TEXT NOT NULL,
                      commit_id TEXT,
                      signer TEXT,
                      started_at TEXT NOT NULL,
                      finished_at TEXT,
                      result TEXT NOT NULL,
                      reason TEXT NOT NULL)""",
                    """
                    CREATE TABLE pass_changes (
                      pass_id INTEGER NOT NULL REFERENCES passes(id),
                      component TEXT NOT NULL,
                      from_version TEXT,
                      to_version TEXT,
                      kind TEXT NOT NULL)""",
                    """
                    CREATE TABLE journal (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      pass_id INTEGER NOT NULL REFERENCES passes(id),
                      component TEXT NOT NULL,
                      version TEXT NOT NULL,
                      step_id TEXT NOT NULL,
                      phase TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      definition TEXT NOT NULL,
                      checksum TEXT NOT NULL,
                      prior TEXT,
                      corrective INTEGER NOT NULL,
                      started_at TEXT NOT NULL,
                      finished_at TEXT,
                      outcome TEXT,
                      duration_ms INTEGER,
                      error TEXT,
                      output_tail TEXT NOT NULL DEFAULT '')""",
                    "CREATE INDEX journal_pass ON journal(pass_id)",
                    "CREATE INDEX journal_component ON journal(component)",
                    """
                    CREATE TABLE blocked (
                      component TEXT PRIMARY KEY,
                      version TEXT NOT NULL,
                      commit_id TEXT NOT NULL,
                      reason TEXT NOT NULL,
                      degraded INTEGER NOT NULL,
                      at TEXT NOT NULL)""",
                    """
                    CREATE TABLE managed (
                      path TEXT PRIMARY KEY,
                      component TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      expected TEXT NOT NULL,
                      origin TEXT NOT NULL)""",
                    """
                    CREATE TABLE pending_steps (
                      component TEXT NOT NULL,
                      version TEXT NOT NULL,
                      step_id TEXT NOT NULL,
                      journal_id INTEGER NOT NULL,
                      kind TEXT NOT NULL,
                      definition TEXT NOT NULL,
                      prior TEXT,
                      PRIMARY KEY (component, version, step_id))""",
                    """
                    CREATE TABLE meta (
                      key TEXT PRIMARY KEY,
                      value TEXT NOT NULL)"""),
            // The rollback point and the undo log: what a pass (and the passes that resume it after a
            // crash) must undo to return the host to where it was when the first of them began.
            List.of(
                    "ALTER TABLE journal ADD COLUMN reversal INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE journal ADD COLUMN undoes INTEGER",
                    "ALTER TABLE blocked ADD COLUMN reason_code TEXT",
                    "ALTER TABLE passes ADD COLUMN reason_code TEXT",
                    """
                    CREATE TABLE reversed_steps (
                      component TEXT NOT NULL,
                      version TEXT NOT NULL,
                      section TEXT NOT NULL,
                      step_id TEXT NOT NULL,
                      journal_id INTEGER NOT NULL,
                      PRIMARY KEY (component, version, section, step_id))""",
                    """
                    CREATE TABLE undo_log (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      journal_id INTEGER NOT NULL,
                      component TEXT NOT NULL,
                      version TEXT NOT NULL,
                      step_id TEXT NOT NULL,
                      reapply INTEGER NOT NULL,
                      kind TEXT NOT NULL,
                      definition TEXT NOT NULL,
                      prior TEXT,
                      UNIQUE (component, version, step_id, reapply))""",
                    """
                    CREATE TABLE point_components (
                      name TEXT PRIMARY KEY,
                      pass_id INTEGER NOT NULL,
                      present INTEGER NOT NULL,
                      version TEXT,
                      commit_id TEXT,
                      recorded_pass_id INTEGER,
                      updated_at TEXT)""",
                    "CREATE TABLE point_versions AS SELECT * FROM applied_versions WHERE 0",
                    "CREATE TABLE point_steps AS SELECT * FROM applied_steps WHERE 0",
                    "CREATE TABLE point_managed AS SELECT * FROM managed WHERE 0",
                    """
                    CREATE TABLE rollbacks (
                      pass_id INTEGER PRIMARY KEY,
                      component TEXT NOT NULL,
                      version TEXT NOT NULL,
                      commit_id TEXT NOT NULL,
                      reason TEXT NOT NULL,
                      reason_code TEXT NOT NULL,
                      stage TEXT NOT NULL,
                      restored TEXT NOT NULL DEFAULT '',
                      started_at TEXT NOT NULL,
                      finished_at TEXT)"""),
            // Rollback time: how long each rollback and downgrade took, and the rto its migration declared.
            List.of(
                    "ALTER TABLE pass_changes ADD COLUMN duration_ms INTEGER",
                    "ALTER TABLE pass_changes ADD COLUMN rto_ms INTEGER"),
            List.of(
                    // How long each phase of a recorded pass took (ls-remote, fetch, verify, load, plan,
                    // execute, record), so `versiond history` shows where a slow pass went.
                    """
                    CREATE TABLE pass_phases (
                      pass_id INTEGER NOT NULL,
                      seq INTEGER NOT NULL,
                      phase TEXT NOT NULL,
                      seconds REAL NOT NULL,
                      PRIMARY KEY (pass_id, phase))"""));

    private Schema() {
    }

    static int latest() {
        return MIGRATIONS.size();
    }
}
