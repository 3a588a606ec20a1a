package dev.versiond.daemon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU times of a process from {@code /proc/PID/stat}, in clock ticks ({@value #CLOCK_TICKS} a second). */
final class ProcStat {
    static final long CLOCK_TICKS = 100;

    private final long[] fields;

    private ProcStat(long[] fields) {
        this.fields = fields;
    }

    static ProcStat of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: utime is field 14.
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new ProcStat(new long[] {Long.parseLong(after[11]), Long.parseLong(after[12]),
                Long.parseLong(after[13]), Long.parseLong(after[14])});
    }

    /** utime + stime: the process's own CPU. */
    long own() {
        return fields[0] + fields[1];
    }

    /** cutime + cstime: the CPU of the children it has reaped (and theirs, transitively). */
    long children() {
        return fields[2] + fields[3];
    }

    /** utime + stime + cutime + cstime. */
    long total() {
        return own() + children();
    }

    static double millis(long ticks) {
        return ticks * 1000.0 / CLOCK_TICKS;
    }
}
