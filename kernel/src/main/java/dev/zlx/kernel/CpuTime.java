package dev.zlx.kernel;

import dev.zlx.abi.Clocks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time in nanoseconds: user mode and all (user + system). One host thread runs each guest
 * thread, so a task's time is its host thread's since the task started running there; zlx's own
 * work for the guest (syscalls, emulation) is the guest's system and user time alike, as the host
 * cannot tell them apart. A process's time is that of its ended tasks plus its live ones.
 */
public record CpuTime(long userNanos, long totalNanos) {
    public static final CpuTime ZERO = new CpuTime(0, 0);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long systemNanos() {
        return Math.max(0, totalNanos - userNanos);
    }

    /** The reading of a CPU clock type: CPUCLOCK_VIRT is user time, PROF and SCHED all of it. */
    public long clock(int which) {
        return which == Clocks.CPUCLOCK_VIRT ? userNanos : totalNanos;
    }

    public CpuTime plus(CpuTime o) {
        return new CpuTime(userNanos + o.userNanos, totalNanos + o.totalNanos);
    }

    /** The calling host thread's times, from the JVM (negative when unsupported: 0). */
    static CpuTime currentHostThread() {
        return new CpuTime(Math.max(0, THREADS.getCurrentThreadUserTime()),
                Math.max(0, THREADS.getCurrentThreadCpuTime()));
    }

    /**
     * Task t's CPU time. User time needs a slower host query (a /proc read on Linux hosts), so
     * it is read only when wanted; otherwise it is reported as 0.
     */
    public static CpuTime of(Task t, boolean withUser) {
        Thread host = t.hostThread();
        if (host == null) {
            return ZERO;
        }
        long user;
        long total;
        if (host == Thread.currentThread()) {
            user = withUser ? THREADS.getCurrentThreadUserTime() : 0;
            total = THREADS.getCurrentThreadCpuTime();
        } else {
            user = withUser ? THREADS.getThreadUserTime(host.threadId()) : 0;
            total = THREADS.getThreadCpuTime(host.threadId());
        }
        // -1: the host thread has just ended; its time was recorded in the process by then.
        return new CpuTime(Math.max(0, user - t.hostBase().userNanos), Math.max(0, total - t.hostBase().totalNanos));
    }

    /** Task t's CPU time with its user part. */
    public static CpuTime of(Task t) {
        return of(t, true);
    }

    /** Process p's CPU time: its ended tasks' and its live ones'. */
    public static CpuTime of(Process p, boolean withUser) {
        return p.cpuTime(withUser);
    }

    public static CpuTime of(Process p) {
        return of(p, true);
    }
}
