package dev.zlx.kernel;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The CPU time of a process's reaped children (and theirs, recursively), which Linux keeps in
 * signal_struct as cutime and cstime: for times(2) and getrusage(RUSAGE_CHILDREN). A child
 * counts when its parent reaps it with a wait; children reaped automatically (SIGCHLD ignored)
 * do not count, as on Linux. Kept beside the process, weakly, so that reaped processes go.
 */
public final class ReapedTimes {
    /** Totals of the reaped children: user-mode and all CPU time in nanoseconds. */
    public record Times(long userNanos, long cpuNanos) {
        static final Times ZERO = new Times(0, 0);
    }

    /** Guarded by itself. */
    private static final Map<Process, Times> TIMES = new WeakHashMap<>();

    private ReapedTimes() {
    }

    /** The totals of parent's reaped children. */
    public static Times of(Process parent) {
        synchronized (TIMES) {
            return TIMES.getOrDefault(parent, Times.ZERO);
        }
    }

    /** Parent reaped child: adds the child's own time and its reaped children's. */
    static void add(Process parent, Process child) {
        synchronized (TIMES) {
            Times mine = TIMES.getOrDefault(parent, Times.ZERO);
            Times its = TIMES.getOrDefault(child, Times.ZERO);
            TIMES.put(parent, new Times(mine.userNanos() + child.userNanos() + its.userNanos(),
                    mine.cpuNanos() + child.cpuNanos() + its.cpuNanos()));
        }
    }
}
