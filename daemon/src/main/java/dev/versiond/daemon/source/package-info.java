/**
 * Where the desired state comes from: a Git remote mirrored into a bare repository under the state
 * directory, polled with one round trip and read straight from a commit's tree; the credentials that
 * reach it (SSH deploy key and known_hosts, HTTPS token) and the signature checks that decide whether
 * a commit may be acted on. The reconciler sees it through {@link dev.versiond.daemon.source.DesiredSource}
 * (a Git ref, or a plain directory for previews) as {@link dev.versiond.daemon.source.Snapshot}s of
 * files and their {@link dev.versiond.daemon.source.Commit}. JGit, Apache sshd and Bouncy Castle stay here.
 */
package dev.versiond.daemon.source;
