/** Measurements run by hand ({@code bench/*.sh}), not by the test suite. */
package dev.versiond.daemon.bench;
