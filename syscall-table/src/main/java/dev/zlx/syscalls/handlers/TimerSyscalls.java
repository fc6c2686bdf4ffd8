package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.CLOCK;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.UINT;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Signals;
import dev.zlx.abi.Timespec;
import dev.zlx.abi.Timeval;
import dev.zlx.abi.Itimers;
import dev.zlx.kernel.CpuClock;
import dev.zlx.kernel.CpuItimers;
import dev.zlx.kernel.PosixTimers;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Interval timers: setitimer(2), getitimer(2) and alarm(2); POSIX timers: timer_create(2),
 * timer_settime(2), timer_gettime(2), timer_getoverrun(2) and timer_delete(2).
 */
public final class TimerSyscalls {
    private static final long NANOS = 1_000_000_000L;
    private static final String ITIMER_NOTE = "ITIMER_VIRTUAL's user time is the host thread's, which includes "
            + "zlx's own work for the guest (emulation, syscalls)";
    /** sigev_notify values (asm-generic/siginfo.h). */
    static final int SIGEV_SIGNAL = 0;
    static final int SIGEV_NONE = 1;
    static final int SIGEV_THREAD = 2;
    static final int SIGEV_THREAD_ID = 4;
    /** sizeof(struct sigevent): sigev_value @0, sigev_signo @8, sigev_notify @12, sigev_notify_thread_id @16. */
    static final int SIGEVENT_SIZE = 64;

    public void register(SyscallRegistry r) {
        r.partial("setitimer", ITIMER_NOTE, (t, a) -> setitimer(t, a.i32(0), a.ptr(1), a.ptr(2)), INT, PTR, PTR);
        r.partial("getitimer", ITIMER_NOTE, (t, a) -> getitimer(t, a.i32(0), a.ptr(1)), INT, PTR);
        r.full("alarm", (t, a) -> alarm(t, a.u32(0)), UINT);
        r.partial("timer_create", "si_overrun counts the expirations missed before the signal was queued "
                + "(timer_getoverrun counts them all)",
                (t, a) -> timerCreate(t, a.i32(0), a.ptr(1), a.ptr(2)), CLOCK, PTR, PTR);
        r.full("timer_settime", (t, a) -> timerSettime(t, a.i32(0), a.i32(1), a.ptr(2), a.ptr(3)), INT, INT, PTR, PTR);
        r.full("timer_gettime", (t, a) -> timerGettime(t, a.i32(0), a.ptr(1)), INT, PTR);
        r.full("timer_getoverrun", (t, a) -> timerGetoverrun(t, a.i32(0)), INT);
        r.full("timer_delete", (t, a) -> timerDelete(t, a.i32(0)), INT);
    }

    /**
     * setitimer(2): the new value is read and checked first (EFAULT, EINVAL), then which.
     * A null new value disarms the timer, a misfeature Linux still supports.
     */
    static long setitimer(Task t, int which, long newValue, long oldValue) {
        long value = 0;
        long interval = 0;
        if (newValue != 0) {
            byte[] raw = UserMemory.read(t.process().mm().space(), newValue, 2 * Timeval.SIZE);
            interval = nanos(Timeval.read(raw, 0));
            value = nanos(Timeval.read(raw, Timeval.SIZE));
        }
        long[] old = switch (which) {
            case Itimers.ITIMER_REAL -> t.process().realTimer().set(value, interval);
            case Itimers.ITIMER_VIRTUAL, Itimers.ITIMER_PROF -> {
                CpuItimers.Setting s = t.process().cpuItimers().set(cpuClock(which), value, interval);
                yield new long[] {s.value(), s.interval()};
            }
            default -> throw Errno.EINVAL.exception();
        };
        if (oldValue != 0) {
            write(t, oldValue, old);
        }
        return 0;
    }

    static long getitimer(Task t, int which, long curr) {
        long[] setting = switch (which) {
            case Itimers.ITIMER_REAL -> t.process().realTimer().get();
            case Itimers.ITIMER_VIRTUAL, Itimers.ITIMER_PROF -> {
                CpuItimers.Setting s = t.process().cpuItimers().get(cpuClock(which));
                yield new long[] {s.value(), s.interval()};
            }
            default -> throw Errno.EINVAL.exception();
        };
        write(t, curr, setting);
        return 0;
    }

    /** The CPU clock an itimer runs on: ITIMER_VIRTUAL on user time, ITIMER_PROF on all. */
    private static int cpuClock(int which) {
        return which == Itimers.ITIMER_VIRTUAL ? Clocks.CPUCLOCK_VIRT : Clocks.CPUCLOCK_PROF;
    }

    /** alarm(2): seconds until SIGALRM (0 cancels); returns the seconds the previous alarm had left, rounded. */
    static long alarm(Task t, long seconds) {
        long[] old = t.process().realTimer().set(seconds * NANOS, 0);
        return old[0] == 0 ? 0 : Math.max(1, (old[0] + NANOS / 2) / NANOS);
    }

    static long timerCreate(Task t, int clock, long sevp, long timerIdOut) {
        // Negative ids name the CPU-time clock of a process or thread (clock_getcpuclockid) or an fd's clock.
        CpuClock cpu = CpuClock.isCpuClock(clock) ? CpuClock.resolve(t, clock, false) : null;
        if (clock < 0 && cpu == null) {
            throw Errno.EINVAL.exception();
        }
        PosixTimers.Notification notification = sevp == 0 ? null
                : notification(t, UserMemory.read(t.process().mm().space(), sevp, SIGEVENT_SIZE));
        PosixTimers timers = PosixTimers.of(t.process());
        int id = cpu != null ? timers.create(clock, cpu, notification) : timers.create(clock, notification);
        try {
            byte[] out = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, id).array();
            UserMemory.write(t.process().mm().space(), timerIdOut, out);
        } catch (RuntimeException e) {
            timers.delete(id);
            throw e;
        }
        return 0;
    }

    /** Decodes struct sigevent as Linux's good_sigevent checks it. */
    private static PosixTimers.Notification notification(Task t, byte[] bytes) {
        ByteBuffer raw = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long value = raw.getLong(0);
        int signo = raw.getInt(8);
        int notify = raw.getInt(12);
        Task thread = null;
        switch (notify) {
            case SIGEV_NONE -> {
                return PosixTimers.Notification.NONE;
            }
            // The kernel takes SIGEV_THREAD as SIGEV_SIGNAL; libc implements the thread itself.
            case SIGEV_SIGNAL, SIGEV_THREAD -> { }
            case SIGEV_THREAD_ID -> {
                int tid = raw.getInt(16);
                thread = t.process().tasks().stream().filter(x -> x.tid() == tid).findFirst()
                        .orElseThrow(Errno.EINVAL::exception);
            }
            default -> throw Errno.EINVAL.exception();
        }
        if (signo <= 0 || signo > Signals.SIGRTMAX) {
            throw Errno.EINVAL.exception();
        }
        return new PosixTimers.Notification(signo, value, thread);
    }

    static long timerSettime(Task t, int id, int flags, long newValue, long oldValue) {
        if (newValue == 0) {
            throw Errno.EINVAL.exception();
        }
        byte[] raw = UserMemory.read(t.process().mm().space(), newValue, 2 * Timespec.SIZE);
        long interval = nanos(Timespec.read(raw, 0));
        long value = nanos(Timespec.read(raw, Timespec.SIZE));
        PosixTimers.Setting old = PosixTimers.of(t.process()).set(id, (flags & Clocks.TIMER_ABSTIME) != 0,
                value, interval);
        if (oldValue != 0) {
            write(t, oldValue, old);
        }
        return 0;
    }

    static long timerGettime(Task t, int id, long curr) {
        write(t, curr, PosixTimers.of(t.process()).get(id));
        return 0;
    }

    static long timerGetoverrun(Task t, int id) {
        return PosixTimers.of(t.process()).overrun(id);
    }

    static long timerDelete(Task t, int id) {
        PosixTimers.of(t.process()).delete(id);
        return 0;
    }

    /** A valid timespec in nanoseconds, saturating at Long.MAX_VALUE; EINVAL otherwise. */
    static long nanos(Timespec ts) {
        if (ts.sec() < 0 || ts.nsec() < 0 || ts.nsec() >= NANOS) {
            throw Errno.EINVAL.exception();
        }
        return ts.sec() >= Long.MAX_VALUE / NANOS ? Long.MAX_VALUE : ts.sec() * NANOS + ts.nsec();
    }

    /** Writes struct itimerspec: it_interval then it_value. */
    static void write(Task t, long addr, PosixTimers.Setting s) {
        byte[] out = new byte[2 * Timespec.SIZE];
        new Timespec(s.interval() / NANOS, s.interval() % NANOS).write(out, 0);
        new Timespec(s.value() / NANOS, s.value() % NANOS).write(out, Timespec.SIZE);
        UserMemory.write(t.process().mm().space(), addr, out);
    }

    /** A valid timeval in nanoseconds, saturating at Long.MAX_VALUE (KTIME_MAX); EINVAL otherwise. */
    private static long nanos(Timeval tv) {
        if (tv.sec() < 0 || tv.usec() < 0 || tv.usec() >= 1_000_000) {
            throw Errno.EINVAL.exception();
        }
        return nanos(new Timespec(tv.sec(), tv.usec() * 1000));
    }

    private static void write(Task t, long addr, long[] setting) {
        byte[] out = new byte[2 * Timeval.SIZE];
        new Timeval(setting[1] / NANOS, setting[1] % NANOS / 1000).write(out, 0);
        new Timeval(setting[0] / NANOS, setting[0] % NANOS / 1000).write(out, Timeval.SIZE);
        UserMemory.write(t.process().mm().space(), addr, out);
    }
}
