package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.CLOCK;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Timespec;
import dev.zlx.abi.Timeval;
import dev.zlx.kernel.CpuClock;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Interruption;
import java.util.function.LongSupplier;

/** Clocks and sleeping: clock_gettime(2), clock_getres(2), gettimeofday(2), time(2), nanosleep(2). */
public final class TimeSyscalls {
    private static final long NANOS = 1_000_000_000L;

    public void register(SyscallRegistry r) {
        r.full("clock_gettime", (t, a) -> clockGettime(t, a.i32(0), a.ptr(1)), CLOCK, PTR);
        r.full("clock_getres", (t, a) -> clockGetres(t, a.i32(0), a.ptr(1)), CLOCK, PTR);
        r.full("gettimeofday", (t, a) -> gettimeofday(t, a.ptr(0), a.ptr(1)), PTR, PTR);
        r.full("time", (t, a) -> time(t, a.ptr(0)), PTR);
        r.full("nanosleep", (t, a) -> nanosleep(t, Clocks.CLOCK_MONOTONIC, 0, a.ptr(0), a.ptr(1)), PTR, PTR);
        r.full("clock_nanosleep", (t, a) -> nanosleep(t, a.i32(0), a.i32(1), a.ptr(2), a.ptr(3)), CLOCK, HEX, PTR, PTR);
    }

    /** The value of a clock in nanoseconds; EINVAL for clocks zlx does not know. */
    static long now(Task t, int clock) {
        if (CpuClock.isCpuClock(clock)) {
            return CpuClock.resolve(t, clock, true).now();
        }
        Kernel k = t.process().kernel();
        return switch (clock) {
            case Clocks.CLOCK_REALTIME, Clocks.CLOCK_REALTIME_COARSE, Clocks.CLOCK_REALTIME_ALARM -> k.realtimeNanos();
            // TAI is UTC plus the leap seconds Linux has been told about; zlx knows of none.
            case Clocks.CLOCK_TAI -> k.realtimeNanos();
            case Clocks.CLOCK_MONOTONIC, Clocks.CLOCK_MONOTONIC_RAW, Clocks.CLOCK_MONOTONIC_COARSE,
                    Clocks.CLOCK_BOOTTIME, Clocks.CLOCK_BOOTTIME_ALARM -> k.monotonicNanos();
            default -> throw Errno.EINVAL.exception();
        };
    }

    static long clockGettime(Task t, int clock, long tp) {
        long ns = now(t, clock);
        UserMemory.write(t.process().mm().space(), tp, new Timespec(ns / NANOS, ns % NANOS).encode());
        return 0;
    }

    static long clockGetres(Task t, int clock, long res) {
        long nanos;
        if (CpuClock.isCpuClock(clock)) {
            // Validated as for a timer: a thread's tid does not stand for its process here.
            nanos = CpuClock.resolve(t, clock, false).resolution();
        } else {
            now(t, clock);
            boolean coarse = clock == Clocks.CLOCK_REALTIME_COARSE || clock == Clocks.CLOCK_MONOTONIC_COARSE;
            // Coarse clocks tick with the scheduler (a jiffy); the rest are 1 ns.
            nanos = coarse ? Clocks.TICK_NANOS : 1;
        }
        if (res != 0) {
            UserMemory.write(t.process().mm().space(), res, new Timespec(0, nanos).encode());
        }
        return 0;
    }

    static long gettimeofday(Task t, long tv, long tz) {
        long ns = t.process().kernel().realtimeNanos();
        if (tv != 0) {
            UserMemory.write(t.process().mm().space(), tv, new Timeval(ns / NANOS, ns % NANOS / 1000).encode());
        }
        if (tz != 0) {
            // struct timezone: minutes west of Greenwich and DST type, both 0 as on most systems.
            UserMemory.write(t.process().mm().space(), tz, new byte[8]);
        }
        return 0;
    }

    static long time(Task t, long tloc) {
        long seconds = t.process().kernel().realtimeNanos() / NANOS;
        if (tloc != 0) {
            t.process().mm().space().writeLong(tloc, seconds);
        }
        return seconds;
    }

    /**
     * nanosleep(2) and clock_nanosleep(2). Flags other than TIMER_ABSTIME are ignored, as Linux
     * ignores them. A CPU-time clock is watched every jiffy at most, since other threads may
     * move it faster than real time; a sleep on the caller's own thread clock is EINVAL (it would
     * never end), and one on the caller's process clock ends only when other threads used the time.
     */
    static long nanosleep(Task t, int clock, int flags, long request, long remain) {
        if (!canSleepOn(clock)) {
            throw Errno.EOPNOTSUPP.exception();
        }
        Timespec ts = Timespec.read(UserMemory.read(t.process().mm().space(), request, Timespec.SIZE), 0);
        if (ts.sec() < 0 || ts.nsec() < 0 || ts.nsec() >= NANOS) {
            throw Errno.EINVAL.exception();
        }
        long wanted = Math.multiplyHigh(ts.sec(), NANOS) != 0 ? Long.MAX_VALUE : ts.sec() * NANOS + ts.nsec();
        boolean absolute = (flags & Clocks.TIMER_ABSTIME) != 0;
        LongSupplier reading;
        long maxWaitMillis = Long.MAX_VALUE / 2;
        if (CpuClock.isCpuClock(clock)) {
            if (Clocks.cpuClockPerThread(clock) && (Clocks.cpuClockPid(clock) == 0 || Clocks.cpuClockPid(clock) == t.tid())) {
                throw Errno.EINVAL.exception();
            }
            CpuClock cpu = CpuClock.resolve(t, clock, false);
            // A clock whose process or thread went away never reaches the deadline.
            reading = () -> cpu.exists() ? cpu.now() : Long.MIN_VALUE;
            maxWaitMillis = Clocks.TICK_NANOS / 1_000_000;
        } else {
            now(t, clock);
            reading = () -> now(t, clock);
        }
        long deadline = absolute ? wanted : saturatedAdd(reading.getAsLong(), wanted);
        return sleepUntil(t, reading, deadline, maxWaitMillis, absolute ? 0 : remain);
    }

    /**
     * Sleeps until reading reaches deadline. Interrupted, it writes what was left to remain (a
     * relative sleep's rmtp; 0 for none) and leaves a restart block that sleeps on to the same
     * deadline: after a job-control stop the call goes on through restart_syscall with what
     * remained, as Linux's hrtimer_nanosleep_restart does; a handler gets EINTR.
     */
    private static long sleepUntil(Task t, LongSupplier reading, long deadline, long maxWaitMillis, long remain) {
        while (true) {
            long left = saturatedSub(deadline, reading.getAsLong());
            if (left <= 0) {
                return 0;
            }
            Object monitor = new Object();
            synchronized (monitor) {
                try {
                    Interruption.await(monitor, Math.max(1, Math.min(left / 1_000_000, maxWaitMillis)));
                } catch (dev.zlx.abi.LinuxException interrupted) {
                    if (remain != 0) {
                        long rest = Math.max(0, saturatedSub(deadline, reading.getAsLong()));
                        UserMemory.write(t.process().mm().space(), remain, new Timespec(rest / NANOS, rest % NANOS).encode());
                    }
                    t.setRestartBlock(task -> sleepUntil(task, reading, deadline, maxWaitMillis, remain));
                    throw interrupted;
                }
            }
        }
    }

    /**
     * Whether clock_nanosleep works on clock: the thread CPU-time clock, the raw and coarse
     * clocks and dynamic (fd) clocks cannot be slept on (EOPNOTSUPP); unknown ids fail later.
     */
    private static boolean canSleepOn(int clock) {
        return switch (clock) {
            case Clocks.CLOCK_THREAD_CPUTIME_ID, Clocks.CLOCK_MONOTONIC_RAW, Clocks.CLOCK_REALTIME_COARSE,
                    Clocks.CLOCK_MONOTONIC_COARSE -> false;
            default -> clock >= 0 || Clocks.isCpuClock(clock);
        };
    }

    private static long saturatedSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
