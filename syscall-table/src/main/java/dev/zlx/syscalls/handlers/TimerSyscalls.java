package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.UINT;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Timeval;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;

/** Interval timers: setitimer(2), getitimer(2) and alarm(2). */
public final class TimerSyscalls {
    private static final int ITIMER_REAL = 0;
    private static final int ITIMER_VIRTUAL = 1;
    private static final int ITIMER_PROF = 2;
    private static final long NANOS = 1_000_000_000L;
    private static final String NOTE = "ITIMER_REAL only; ITIMER_VIRTUAL and ITIMER_PROF return ENOSYS";

    private final CompatReport report;

    public TimerSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("setitimer", NOTE, (t, a) -> setitimer(t, a.i32(0), a.ptr(1), a.ptr(2)), INT, PTR, PTR);
        r.partial("getitimer", NOTE, (t, a) -> getitimer(t, a.i32(0), a.ptr(1)), INT, PTR);
        r.full("alarm", (t, a) -> alarm(t, a.u32(0)), UINT);
    }

    private void checkWhich(int which) {
        if (which == ITIMER_VIRTUAL || which == ITIMER_PROF) {
            report.missingFeature("setitimer", which == ITIMER_VIRTUAL ? "ITIMER_VIRTUAL" : "ITIMER_PROF");
            throw Errno.ENOSYS.exception();
        }
        if (which != ITIMER_REAL) {
            throw Errno.EINVAL.exception();
        }
    }

    long setitimer(Task t, int which, long newValue, long oldValue) {
        checkWhich(which);
        long value = 0;
        long interval = 0;
        if (newValue != 0) {
            byte[] raw = UserMemory.read(t.process().mm().space(), newValue, 2 * Timeval.SIZE);
            interval = nanos(Timeval.read(raw, 0));
            value = nanos(Timeval.read(raw, Timeval.SIZE));
        }
        long[] old = t.process().realTimer().set(value, interval);
        if (oldValue != 0) {
            write(t, oldValue, old);
        }
        return 0;
    }

    long getitimer(Task t, int which, long curr) {
        checkWhich(which);
        write(t, curr, t.process().realTimer().get());
        return 0;
    }

    /** alarm(2): seconds until SIGALRM (0 cancels); returns the seconds the previous alarm had left, rounded. */
    static long alarm(Task t, long seconds) {
        long[] old = t.process().realTimer().set(seconds * NANOS, 0);
        return old[0] == 0 ? 0 : Math.max(1, (old[0] + NANOS / 2) / NANOS);
    }

    private static long nanos(Timeval tv) {
        if (tv.sec() < 0 || tv.usec() < 0 || tv.usec() >= 1_000_000) {
            throw Errno.EINVAL.exception();
        }
        return tv.sec() * NANOS + tv.usec() * 1000;
    }

    private static void write(Task t, long addr, long[] setting) {
        byte[] out = new byte[2 * Timeval.SIZE];
        new Timeval(setting[1] / NANOS, setting[1] % NANOS / 1000).write(out, 0);
        new Timeval(setting[0] / NANOS, setting[0] % NANOS / 1000).write(out, Timeval.SIZE);
        UserMemory.write(t.process().mm().space(), addr, out);
    }
}
