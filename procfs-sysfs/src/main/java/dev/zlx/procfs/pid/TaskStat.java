package dev.zlx.procfs.pid;

import dev.zlx.abi.Resource;
import dev.zlx.kernel.CpuTime;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.PtraceAccess;
import dev.zlx.kernel.Rlimits;
import dev.zlx.kernel.Task;
import java.nio.charset.StandardCharsets;

/**
 * /proc/PID/stat and /proc/PID/task/TID/stat: do_task_stat's 52 fields. Times are in USER_HZ
 * (100) ticks; the process file sums its threads, a task's file is that thread's own.
 */
public final class TaskStat {
    /** USER_HZ: the clock ticks stat's times count in (sysconf(_SC_CLK_TCK)). */
    public static final long USER_HZ = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / USER_HZ;

    private TaskStat() {
    }

    public static long ticks(long nanos) {
        return nanos / NANOS_PER_TICK;
    }

    /** The stat text of p, as a whole (t null) or of its thread t. */
    public static byte[] of(Process p, Task t) {
        Task task = t != null ? t : TaskState.leader(p);
        CpuTime cpu = t != null ? CpuTime.of(t) : CpuTime.of(p);
        MemoryUse mem = MemoryUse.of(p);
        Process.Image image = p.image();
        boolean live = !p.isDead() && image != null;
        long rssLimit = p.rlimits().soft(Resource.RLIMIT_RSS);
        int nice = task == null ? 0 : task.nice();
        // do_task_stat shows the addresses, and whether the task waits, only to a caller with ptrace access.
        boolean permitted = PtraceAccess.allowed(Task.current(), p);
        boolean addresses = live && permitted;
        char state = TaskState.of(p, t);
        StringBuilder sb = new StringBuilder();
        sb.append(t != null ? t.tid() : p.pid()).append(" (").append(t != null ? t.comm() : p.comm()).append(") ")
                .append(state).append(' ')
                .append(p.ppid()).append(' ').append(p.pgid()).append(' ').append(p.sid()).append(' ')
                .append(0).append(' ').append(-1).append(' ') // tty_nr, tpgid: not tracked
                .append(0x400000).append(' ') // flags: PF_RANDOMIZE
                .append("0 0 0 0 ") // minflt cminflt majflt cmajflt
                .append(ticks(cpu.userNanos())).append(' ').append(ticks(cpu.systemNanos())).append(' ')
                .append("0 0 ") // cutime cstime
                .append(20 + nice).append(' ').append(nice).append(' ')
                .append(p.tasks().size()).append(' ').append(0).append(' ')
                .append(ticks(p.startNanos())).append(' ')
                .append(mem.size()).append(' ').append(MemoryUse.pages(mem.rss())).append(' ')
                .append(rssLimit == Rlimits.INFINITY ? Long.toUnsignedString(-1L) : Long.toUnsignedString(rssLimit)).append(' ')
                .append(live ? (permitted ? image.startCode() : 1) : 0).append(' ')
                .append(live ? (permitted ? image.endCode() : 1) : 0).append(' ')
                .append(addresses ? image.startStack() : 0).append(' ')
                .append("0 0 ") // kstkesp kstkeip: 0 unless the task is dumping core
                .append(task == null ? 0 : task.pending() & 0xffffffffL).append(' ')
                .append(task == null ? 0 : task.signalMask() & 0xffffffffL).append(' ')
                .append(SignalSets.ignored(p) & 0xffffffffL).append(' ')
                .append(SignalSets.caught(p) & 0xffffffffL).append(' ')
                .append(permitted && state != 'R' ? 1 : 0).append(" 0 0 ") // wchan (whether it waits), nswap cnswap
                .append(p.exitSignal()).append(' ')
                .append("0 0 0 0 0 0 ") // processor rt_priority policy delayacct_blkio_ticks guest_time cguest_time
                .append(addresses ? image.startData() : 0).append(' ')
                .append(addresses ? image.endData() : 0).append(' ')
                .append(addresses && p.mm() != null ? p.mm().brkStart() : 0).append(' ')
                .append(addresses ? image.argStart() : 0).append(' ').append(addresses ? image.argEnd() : 0).append(' ')
                .append(addresses ? image.envStart() : 0).append(' ').append(addresses ? image.envEnd() : 0).append(' ')
                .append(exitCode(p)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int exitCode(Process p) {
        var status = p.isDead() ? p.exitStatus() : null;
        return status == null ? 0 : status.waitStatus();
    }
}
