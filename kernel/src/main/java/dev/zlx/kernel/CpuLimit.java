package dev.zlx.kernel;

import dev.zlx.abi.Resource;
import dev.zlx.abi.Signals;

/**
 * RLIMIT_CPU, enforced as Linux's check_process_timers does on the process's user and system
 * time: at the soft limit SIGXCPU, and the soft limit moves one second on so that the next
 * comes a second later; at the hard limit SIGKILL. Only while the soft limit is finite (Linux
 * ignores a hard limit without one). Checked on the {@link CpuTicker}, so within a jiffy.
 */
public final class CpuLimit implements CpuTicker.Armed {
    private static final long NANOS = 1_000_000_000L;
    private final Process process;

    CpuLimit(Process process) {
        this.process = process;
    }

    /** RLIMIT_CPU may have changed (setrlimit, or a forked child inherits a finite one). */
    public void limitChanged() {
        if (armed()) {
            CpuTicker.watch(this);
        }
    }

    @Override
    public boolean armed() {
        return process.exitStatus() == null && process.rlimits().soft(Resource.RLIMIT_CPU) != Rlimits.INFINITY;
    }

    @Override
    public boolean tick() {
        if (!armed()) {
            return false;
        }
        Rlimits limits = process.rlimits();
        long soft = limits.soft(Resource.RLIMIT_CPU);
        long hard = limits.hard(Resource.RLIMIT_CPU);
        long used = CpuTime.of(process, false).totalNanos();
        if (hard != Rlimits.INFINITY && reached(used, hard)) {
            SignalSender.send(process, Signals.SIGKILL, null);
            return false;
        }
        if (reached(used, soft)) {
            // soft < hard here (or hard is infinite), so soft + 1 is a valid soft limit.
            limits.set(Resource.RLIMIT_CPU, soft + 1, hard);
            SignalSender.send(process, Signals.SIGXCPU, null);
        }
        return true;
    }

    /** Whether used nanoseconds reached a limit in seconds (an unsigned count). */
    static boolean reached(long usedNanos, long limitSeconds) {
        return Long.compareUnsigned(limitSeconds, Long.MAX_VALUE / NANOS) <= 0 && usedNanos >= limitSeconds * NANOS;
    }
}
