package dev.versiond.daemon.reconcile;

/** How far a running pass has come: step {@code done} of {@code total}, now at {@code component}/{@code step}. */
public record Progress(int done, int total, String component, String version, String step) {
}
