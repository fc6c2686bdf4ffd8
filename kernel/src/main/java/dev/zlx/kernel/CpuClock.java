package dev.zlx.kernel;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;

/**
 * A CPU-time clock: of a process (all its threads, ended ones included) or of one thread, of
 * type CPUCLOCK_PROF, _VIRT or _SCHED. Made from CLOCK_PROCESS_CPUTIME_ID,
 * CLOCK_THREAD_CPUTIME_ID or a clock id that names a pid or tid, with the rules of Linux's
 * pid_for_clock (kernel/time/posix-cpu-timers.c).
 */
public record CpuClock(Process process, Task thread, int which) {

    /** Whether clock is one of the CPU-time clocks (valid or not): ids 2, 3 and the pid/tid ids. */
    public static boolean isCpuClock(int clock) {
        return clock == Clocks.CLOCK_PROCESS_CPUTIME_ID || clock == Clocks.CLOCK_THREAD_CPUTIME_ID
                || Clocks.isCpuClock(clock);
    }

    /**
     * The CPU-time clock that caller means by clock. EINVAL for an invalid type, a pid that is no
     * process (a thread's tid names its process only for clock_gettime, and only the caller's
     * own), and a tid that is not a thread of the caller's process.
     */
    public static CpuClock resolve(Task caller, int clock, boolean gettime) {
        int id = switch (clock) {
            case Clocks.CLOCK_PROCESS_CPUTIME_ID -> Clocks.PROCESS_CLOCK;
            case Clocks.CLOCK_THREAD_CPUTIME_ID -> Clocks.THREAD_CLOCK;
            default -> clock;
        };
        int which = Clocks.cpuClockWhich(id);
        if (!Clocks.isCpuClock(id) || which >= Clocks.CPUCLOCK_MAX) {
            throw Errno.EINVAL.exception();
        }
        Process own = caller.process();
        int pid = Clocks.cpuClockPid(id);
        if (Clocks.cpuClockPerThread(id)) {
            if (pid == 0) {
                return new CpuClock(own, caller, which);
            }
            for (Task t : own.tasks()) {
                if (t.tid() == pid) {
                    return new CpuClock(own, t, which);
                }
            }
            throw Errno.EINVAL.exception();
        }
        if (pid == 0 || (gettime && pid == caller.tid())) {
            return new CpuClock(own, null, which);
        }
        Process p = own.kernel().process(pid);
        if (p == null) {
            throw Errno.EINVAL.exception();
        }
        return new CpuClock(p, null, which);
    }

    /** The clock's resolution: a jiffy for PROF and VIRT (tick-sampled on Linux), 1 ns for SCHED. */
    public long resolution() {
        return which == Clocks.CPUCLOCK_SCHED ? 1 : Clocks.TICK_NANOS;
    }

    /** Whether the process or thread still exists (a zombie process does, until reaped). */
    public boolean exists() {
        if (thread != null) {
            return process.tasks().contains(thread);
        }
        return process.kernel().process(process.pid()) == process;
    }

    /** The clock's reading in nanoseconds. */
    public long now() {
        boolean user = which == Clocks.CPUCLOCK_VIRT;
        CpuTime t = thread != null ? CpuTime.of(thread, user) : CpuTime.of(process, user);
        return t.clock(which);
    }
}
