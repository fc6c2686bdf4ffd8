package dev.zlx.kernel;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the kernel's timers share (ITIMER_REAL, POSIX timers, timerfds): one scheduler thread for
 * the whole JVM (an expiry only sends a signal or wakes waiters), the clocks they measure
 * absolute times on, the privilege the alarm clocks need, and ktime's saturating arithmetic.
 */
public final class KernelTimers {
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zlx-timers");
        t.setDaemon(true);
        return t;
    });

    private KernelTimers() {
    }

    /** Runs expiry on the timer thread after delay nanoseconds. */
    public static ScheduledFuture<?> schedule(Runnable expiry, long delay) {
        return SCHEDULER.schedule(expiry, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    /**
     * EPERM for the alarm clocks without CAP_WAKE_ALARM (they wake a suspended system; zlx never
     * suspends, and root holds the capability).
     */
    public static void requireAlarmPrivilege(Process p, int clock) {
        boolean alarm = clock == Clocks.CLOCK_REALTIME_ALARM || clock == Clocks.CLOCK_BOOTTIME_ALARM;
        if (alarm && !Privilege.global(p)) {
            throw Errno.EPERM.exception();
        }
    }

    /**
     * The time on clock that an absolute expiry is given in: the wall clock for the realtime
     * clocks, else the monotonic one (CLOCK_BOOTTIME is the same: zlx never suspends).
     */
    public static long clockNow(Process p, int clock) {
        return switch (clock) {
            case Clocks.CLOCK_REALTIME, Clocks.CLOCK_REALTIME_ALARM, Clocks.CLOCK_TAI -> p.kernel().realtimeNanos();
            default -> p.kernel().monotonicNanos();
        };
    }

    /** a + b, saturating at the ends of long (ktime_add_safe). */
    public static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    /** a - b, saturating at the ends of long. */
    public static long saturatingSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    /** a * b for non-negative a and b, saturating at Long.MAX_VALUE. */
    public static long saturatingMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : Long.MAX_VALUE;
    }
}
