package dev.zlx.kernel;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Signals;

/**
 * A process's CPU-time interval timers (setitimer(2)): ITIMER_PROF on its user and system time
 * (SIGPROF) and ITIMER_VIRTUAL on its user time (SIGVTALRM), as kernel/time/itimer.c and
 * posix-cpu-timers.c keep them: an expiry time on the process's CPU clock (0 = disarmed) and an
 * increment. Setting a value adds a jiffy to it; an expiry adds one increment per tick; a timer
 * that is due reports a jiffy left. The signal goes to the process. Not inherited by fork (a new
 * process starts with none), kept across execve. Guarded by its monitor, taken before the process's.
 */
public final class CpuItimers implements CpuTicker.Armed {
    /** A setting: nanoseconds left (0 = disarmed) and the interval, as getitimer reports them. */
    public record Setting(long value, long interval) {
    }

    private final Process process;
    /** Indexed by CPUCLOCK_PROF and CPUCLOCK_VIRT: absolute expiry on that clock, and increment. */
    private final long[] expires = new long[2];
    private final long[] incr = new long[2];

    CpuItimers(Process process) {
        this.process = process;
    }

    /** The timer on clock (CPUCLOCK_PROF or CPUCLOCK_VIRT) as getitimer reports it. */
    public synchronized Setting get(int clock) {
        long value = expires[clock] == 0 ? 0 : remaining(expires[clock], now(clock));
        return new Setting(value, incr[clock]);
    }

    /**
     * Arms the timer on clock to expire after value nanoseconds of its CPU time and then every
     * interval (value 0 disarms it; the interval is kept either way, as Linux keeps it); returns
     * the previous setting.
     */
    public Setting set(int clock, long value, long interval) {
        Setting old;
        synchronized (this) {
            long oldValue = 0;
            long newExpires = 0;
            if (expires[clock] != 0 || value != 0) {
                long now = now(clock);
                // set_process_cpu_timer: an old timer due now or before is "just about to fire".
                oldValue = expires[clock] == 0 ? 0 : expires[clock] <= now ? Clocks.TICK_NANOS : expires[clock] - now;
                newExpires = value == 0 ? 0 : expiry(value, now);
            }
            old = new Setting(oldValue, incr[clock]);
            expires[clock] = newExpires;
            incr[clock] = interval;
        }
        if (value != 0) {
            CpuTicker.watch(this);
        }
        return old;
    }

    /** The absolute expiry of a value set at CPU time now: a jiffy later than asked, as set_cpu_itimer does. */
    static long expiry(long value, long now) {
        return KernelTimers.saturatingAdd(KernelTimers.saturatingAdd(value, Clocks.TICK_NANOS), now);
    }

    /** Time left to expiry at CPU time now; a timer already due is "about to fire": a jiffy. */
    static long remaining(long expiry, long now) {
        return expiry < now ? Clocks.TICK_NANOS : expiry - now;
    }

    /** The expiry after one that fired: one increment later, or 0 (disarmed) without one. */
    static long next(long expiry, long increment) {
        return increment == 0 ? 0 : KernelTimers.saturatingAdd(expiry, increment);
    }

    @Override
    public boolean tick() {
        if (process.exitStatus() != null) {
            cancel();
            return false;
        }
        boolean prof;
        boolean virt;
        synchronized (this) {
            prof = due(Clocks.CPUCLOCK_PROF);
            virt = due(Clocks.CPUCLOCK_VIRT);
        }
        // SEND_SIG_PRIV: si_code SI_KERNEL, as SignalSender gives a signal without sender.
        if (prof) {
            SignalSender.send(process, Signals.SIGPROF, null);
        }
        if (virt) {
            SignalSender.send(process, Signals.SIGVTALRM, null);
        }
        return armed();
    }

    private boolean due(int clock) {
        if (expires[clock] == 0 || now(clock) < expires[clock]) {
            return false;
        }
        expires[clock] = next(expires[clock], incr[clock]);
        return true;
    }

    @Override
    public synchronized boolean armed() {
        return expires[Clocks.CPUCLOCK_PROF] != 0 || expires[Clocks.CPUCLOCK_VIRT] != 0;
    }

    /** Disarms both for good (the process ended). */
    synchronized void cancel() {
        expires[Clocks.CPUCLOCK_PROF] = 0;
        expires[Clocks.CPUCLOCK_VIRT] = 0;
    }

    private long now(int clock) {
        return CpuTime.of(process, clock == Clocks.CPUCLOCK_VIRT).clock(clock);
    }
}
