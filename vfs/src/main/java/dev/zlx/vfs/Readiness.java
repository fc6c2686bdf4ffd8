package dev.zlx.vfs;

/**
 * Where poll(2) and select(2) wait: every change that may make a file ready (data written to a
 * pipe, an end closed) calls {@link #changed}, and waiters re-check their files. One queue for
 * all files is simple and correct (waiters re-check, so spurious wake-ups are harmless); per-file
 * wait queues come with epoll.
 */
public final class Readiness {
    private static final Object MONITOR = new Object();
    private static long generation;

    private Readiness() {
    }

    /** Tells waiters that some file may have become ready. */
    public static void changed() {
        synchronized (MONITOR) {
            generation++;
            MONITOR.notifyAll();
        }
    }

    /** The current generation, to pass to {@link #awaitChange}. */
    public static long generation() {
        synchronized (MONITOR) {
            return generation;
        }
    }

    /**
     * Waits until something changed since seen, or maxNanos passed; throws EINTR when the
     * host thread is interrupted.
     */
    public static void awaitChange(long seen, long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        synchronized (MONITOR) {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Interruption.await(MONITOR, Math.max(1, left / 1_000_000));
            }
        }
    }
}
