package dev.zlx.procfs.system;

import dev.zlx.kernel.CpuTime;
import dev.zlx.kernel.Kernel;

/**
 * /proc/stat (fs/proc/stat.c): the cpu lines in USER_HZ ticks, then btime, processes,
 * procs_running and procs_blocked. Busy time is the CPU time every guest task used since boot;
 * the kernel does not know which virtual CPU ran it, so it is spread evenly over the CPUs (their
 * sum is the "cpu" line), and idle is the rest of each CPU's time since boot. zlx has no
 * interrupt controller: intr is 0 followed by no per-IRQ counts (nr_irqs is 0) and softirq's ten
 * counts are 0. ctxt counts the times a task went to sleep in a wait (its CPU switched away);
 * host threads run the tasks, so preemptions are not seen. processes counts the forks and
 * clones since boot (total_forks).
 */
final class Stat {
    private Stat() {
    }

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100
    /** NR_SOFTIRQS: HI, TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU. */
    private static final int SOFTIRQS = 10;

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
        sb.append("intr 0\n");
        sb.append("ctxt ").append(k.contextSwitches()).append('\n');
        sb.append("btime ").append(k.bootEpochSeconds()).append('\n');
        sb.append("processes ").append(k.forks()).append('\n');
        sb.append("procs_running ").append(k.runningTasks()).append('\n');
        // No task of zlx sleeps uninterruptibly (state D).
        sb.append("procs_blocked 0\n");
        sb.append("softirq 0").append(" 0".repeat(SOFTIRQS)).append('\n');
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
