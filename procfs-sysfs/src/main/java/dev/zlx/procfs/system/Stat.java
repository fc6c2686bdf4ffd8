package dev.zlx.procfs.system;

import dev.zlx.kernel.CpuTime;
import dev.zlx.kernel.Kernel;

/**
 * /proc/stat (fs/proc/stat.c): the cpu lines in USER_HZ ticks, then btime, processes,
 * procs_running and procs_blocked. Busy time is the CPU time every guest task used since boot;
 * the kernel does not know which virtual CPU ran it, so it is spread evenly over the CPUs (their
 * sum is the "cpu" line), and idle is the rest of each CPU's time since boot. zlx keeps no
 * interrupt or context-switch counts, so the intr, ctxt and softirq lines are left out.
 */
final class Stat {
    private Stat() {
    }

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100

    /** Idle nanoseconds summed over the CPUs since boot (also /proc/uptime's second field). */
    static long idleNanos(Kernel k, long uptimeNanos) {
        return Math.max(0, k.config().cpuCount() * uptimeNanos - k.cpuTimeSinceBoot().totalNanos());
    }

    static String text(Kernel k) {
        int cpus = k.config().cpuCount();
        long up = k.monotonicNanos();
        CpuTime busy = k.cpuTimeSinceBoot();
        long user = busy.userNanos() / NANOS_PER_TICK;
        long system = busy.systemNanos() / NANOS_PER_TICK;
        long idle = idleNanos(k, up) / NANOS_PER_TICK;
        StringBuilder sb = new StringBuilder();
        cpuLine(sb, "cpu ", user, system, idle);
        for (int i = 0; i < cpus; i++) {
            cpuLine(sb, "cpu" + i, share(user, cpus, i), share(system, cpus, i), share(idle, cpus, i));
        }
        sb.append("btime ").append(k.bootEpochSeconds()).append('\n');
        sb.append("processes ").append(k.lastPid()).append('\n');
        sb.append("procs_running ").append(k.runningTasks()).append('\n');
        // No task of zlx sleeps uninterruptibly (state D).
        sb.append("procs_blocked 0\n");
        return sb.toString();
    }

    /** CPU i's share of total ticks over n CPUs; the shares add up to total. */
    private static long share(long total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }

    private static void cpuLine(StringBuilder sb, String name, long user, long system, long idle) {
        // user nice system idle iowait irq softirq steal guest guest_nice
        sb.append(name).append(' ').append(user).append(" 0 ").append(system).append(' ').append(idle)
                .append(" 0 0 0 0 0 0\n");
    }
}
