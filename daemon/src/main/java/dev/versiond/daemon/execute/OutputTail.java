package dev.versiond.daemon.execute;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes written to it, in a fixed ring: a process that writes gigabytes
 * costs no more memory than one that writes a line. Written by the thread draining a process,
 * read once that thread is done (or given up on), hence synchronized.
 */
final class OutputTail {
    private final byte[] ring;
    private long total;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        // Only the last ring.length bytes of this chunk can survive.
        int skip = Math.max(0, length - ring.length);
        total += skip;
        for (int i = offset + skip; i < offset + length; ) {
            int at = (int) (total % ring.length);
            int n = Math.min(ring.length - at, offset + length - i);
            System.arraycopy(bytes, i, ring, at, n);
            i += n;
            total += n;
        }
    }

    /** How many bytes were written in all, kept or not. */
    synchronized long total() {
        return total;
    }

    synchronized byte[] bytes() {
        int kept = (int) Math.min(total, ring.length);
        byte[] out = new byte[kept];
        int start = (int) ((total - kept) % ring.length);
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, kept - first);
        return out;
    }

    /** The kept bytes as UTF-8; a character cut at the start becomes a replacement character. */
    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
