package dev.zlx.kernel;

import dev.zlx.abi.Signals;
import java.util.concurrent.ScheduledFuture;

/**
 * A process's ITIMER_REAL (setitimer(2), alarm(2)): SIGALRM when the value expires, then again
 * every interval. Times are nanoseconds on the monotonic clock. Guarded by its monitor.
 */
public final class RealTimer {
    private final Process process;
    private ScheduledFuture<?> pending;
    private long expiresAt;
    private long interval;

    RealTimer(Process process) {
        this.process = process;
    }

    /** The current setting: {remaining nanoseconds (0 = disarmed), interval nanoseconds}. */
    public synchronized long[] get() {
        if (pending == null) {
            return new long[] {0, interval};
        }
        return new long[] {Math.max(1, expiresAt - System.nanoTime()), interval};
    }

    /** Arms (value > 0) or disarms (value 0) the timer; returns the previous setting as {@link #get}. */
    public synchronized long[] set(long value, long newInterval) {
        long[] old = get();
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        interval = value == 0 ? 0 : newInterval;
        if (value > 0) {
            schedule(value);
        }
        return old;
    }

    private void schedule(long delay) {
        expiresAt = System.nanoTime() + delay;
        pending = KernelTimers.schedule(this::fire, delay);
    }

    private void fire() {
        synchronized (this) {
            pending = null;
            if (interval > 0 && process.exitStatus() == null) {
                schedule(interval);
            }
        }
        SignalSender.send(process, Signals.SIGALRM, null);
    }

    /** Stops the timer for good (the process ended or exec'd without keeping it). */
    synchronized void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
