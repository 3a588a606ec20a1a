/**
 * When passes run: Quartz fires the poll on an interval with jitter, backs off while the remote fails,
 * and runs an extra pass on request. Quartz stays in this package.
 */
package dev.versiond.daemon.schedule;
