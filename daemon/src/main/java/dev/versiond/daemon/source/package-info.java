/**
 * Where the desired state comes from: a Git remote mirrored into a bare repository under the state
 * directory, polled with one round trip and read straight from a commit's tree. JGit stays here.
 */
package dev.versiond.daemon.source;
