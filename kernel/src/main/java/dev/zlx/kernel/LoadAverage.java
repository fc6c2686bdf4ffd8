package dev.zlx.kernel;

import java.lang.ref.WeakReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The 1, 5 and 15 minute load averages as kernel/sched/loadavg.c keeps them: every LOAD_FREQ
 * (5 s) each average moves towards the number of active tasks, in 11-bit fixed point with
 * Linux's decay factors. zlx has no run queue: the active tasks are those whose host thread is
 * runnable at the sample ({@link Kernel#runningTasks}). One shared daemon thread samples every
 * kernel; a kernel that is no longer reachable stops being sampled.
 */
public final class LoadAverage {
    /** FSHIFT, FIXED_1 and EXP_1, EXP_5, EXP_15 of include/linux/sched/loadavg.h. */
    public static final int FSHIFT = 11;
    public static final long FIXED_1 = 1L << FSHIFT;
    private static final long[] EXP = {1884, 2014, 2037};
    /** LOAD_FREQ: 5 s and one tick. */
    private static final long PERIOD_MILLIS = 5010;

    private static final ScheduledExecutorService SAMPLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zlx-loadavg");
        t.setDaemon(true);
        return t;
    });

    private final long[] avenrun = new long[3];

    /** Starts sampling active(), for as long as owner is reachable. */
    static LoadAverage sampled(Object owner, IntSupplier active) {
        LoadAverage load = new LoadAverage();
        WeakReference<Object> ref = new WeakReference<>(owner);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        synchronized (self) {
            self[0] = SAMPLER.scheduleAtFixedRate(() -> {
                if (ref.get() == null) {
                    synchronized (self) {
                        self[0].cancel(false);
                    }
                    return;
                }
                load.sample(active.getAsInt());
            }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
        return load;
    }

    /** One LOAD_FREQ step of calc_global_load with this many active tasks. */
    synchronized void sample(int active) {
        long a = active * FIXED_1;
        for (int i = 0; i < 3; i++) {
            avenrun[i] = calcLoad(avenrun[i], EXP[i], a);
        }
    }

    /** calc_load: load * exp + active * (1 - exp), rounded up while the load grows. */
    static long calcLoad(long load, long exp, long active) {
        long next = load * exp + active * (FIXED_1 - exp);
        if (active >= load) {
            next += FIXED_1 - 1;
        }
        return next / FIXED_1;
    }

    /** avenrun[0..2] in FSHIFT fixed point. */
    public synchronized long[] averages() {
        return avenrun.clone();
    }

    /** As /proc/loadavg prints one average: LOAD_INT.LOAD_FRAC after adding FIXED_1/200. */
    public static String format(long x) {
        long v = x + FIXED_1 / 200;
        return (v >> FSHIFT) + "." + String.format("%02d", ((v & (FIXED_1 - 1)) * 100) >> FSHIFT);
    }
}
