package dev.versiond.daemon.reconcile;

/**
 * How many bytes of component files this host's share of the desired state may come to, so that
 * the parsed share fits the agent's heap: checked before anything of a folder is parsed
 * ({@link dev.versiond.spec.load.Share#maxBytes}), so a desired state too large for the heap is
 * refused with {@link dev.versiond.daemon.state.Reason#SHARE_TOO_LARGE} instead of ending in an
 * {@code OutOfMemoryError} (which the unit's {@code ExitOnOutOfMemoryError} turns into a restart,
 * and the same commit into a restart loop).
 *
 * <p>The estimate: a parsed share keeps {@value #HEAP_PER_FILE_BYTE} bytes of heap per byte of its
 * files at most (measured by {@code bench/share-heap.sh}: 5–6 for migrations of a few steps, 8–10
 * for one-step migrations of 80 bytes, whose per-file overhead weighs more; docs/benchmarks.md), and the agent needs {@link #RESERVED} bytes of heap besides its share (its
 * idle live heap, a fetch, a pass's garbage).
 *
 * @param maxBytes the most bytes of component files the share may come to
 * @param maxHeap the heap it was computed from ({@link Runtime#maxMemory()})
 */
public record ShareBudget(long maxBytes, long maxHeap) {
    /** Heap bytes a parsed share keeps per byte of its files, with a margin over the measured 5–10. */
    static final int HEAP_PER_FILE_BYTE = 12;
    /**
     * Heap the agent needs besides its share: an idle agent's live heap after a full collection is
     * 10–12 MiB; a fetch and a pass's garbage (SnakeYAML's node trees of one file, JGit's buffers)
     * take the rest.
     */
    static final long RESERVED = 24L << 20;

    public ShareBudget {
        if (maxBytes < 0 || maxHeap < 0) {
            throw new IllegalArgumentException("negative budget: " + maxBytes + " of " + maxHeap);
        }
    }

    /** The budget of a heap of {@code maxHeap} bytes. */
    public static ShareBudget ofHeap(long maxHeap) {
        return new ShareBudget(Math.max(0, maxHeap - RESERVED) / HEAP_PER_FILE_BYTE, maxHeap);
    }

    /** The budget of this JVM's heap ({@code -Xmx}). */
    public static ShareBudget ofThisJvm() {
        return ofHeap(Runtime.getRuntime().maxMemory());
    }

    /** What the refusal tells an operator, after the loader's account of the share. */
    String explain(String found) {
        return found + ". At up to " + HEAP_PER_FILE_BYTE + " bytes of heap per byte of file, with "
                + (RESERVED >> 20) + " MiB for the agent itself, a heap of " + (maxHeap >> 20) + " MiB holds "
                + maxBytes + " bytes of this host's component files: give the agent a larger -Xmx, or move "
                + "components this host does not need out of its targets";
    }
}
