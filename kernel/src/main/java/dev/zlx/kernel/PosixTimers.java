package dev.zlx.kernel;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.kernel.mm.Mm;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;

/**
 * A process's POSIX timers (timer_create(2)): each has a clock, a notification (a signal to the
 * process or to one of its threads, or nothing) and a setting of value and interval. Times are
 * nanoseconds. Deadlines are kept on the kernel's monotonic clock: an absolute time on another
 * clock becomes a delay when the timer is set (zlx's wall clock is never set, so it never jumps).
 * Timers on a CPU-time clock (of this or another process, or of a thread of this one) keep their
 * deadline on that clock and expire on the {@link CpuTicker}; once the process or thread the
 * clock measures is gone they never fire again, read as all zero and cannot be set (ESRCH).
 *
 * <p>Overruns: an expiry while the timer's previous signal is still pending is counted instead
 * of sent, as Linux does; the count moves to timer_getoverrun(2) once that signal has left the
 * queue. Since the queue tells nobody when a signal is taken, a signal's si_overrun holds the
 * expirations missed before it was queued, not those counted while it waited.
 *
 * <p>Timers are not inherited by fork. Execve and the end of the process delete them: noticed by
 * every operation and every expiry as a change of the process's memory or its exit status, and
 * done at once by {@link #deleteAll} where the caller calls it. Guarded by its monitor, which is
 * taken before the process's and its tasks' monitors; signals are sent outside it.
 */
public final class PosixTimers implements CpuTicker.Armed {
    /** The most overruns timer_getoverrun reports (DELAYTIMER_MAX: INT_MAX on Linux). */
    public static final int DELAYTIMER_MAX = Integer.MAX_VALUE;
    /** How often at most a periodic timer's thread wakes; expirations in between count as overruns. */
    private static final long MIN_PERIOD_NANOS = 100_000;

    /**
     * How a timer tells of its expiry: signal signo with sigev_value value, to thread or (null) to
     * the process; signo 0 tells nothing (SIGEV_NONE).
     */
    public record Notification(int signo, long value, Task thread) {
        /** SIGEV_NONE: the timer only counts down, for timer_gettime. */
        public static final Notification NONE = new Notification(0, 0, null);
    }

    /** A timer's setting: nanoseconds to the next expiry (0 = disarmed) and the interval (0 = once). */
    public record Setting(long value, long interval) {
    }

    /** One timer. All fields guarded by the PosixTimers monitor. */
    private static final class Timer {
        final int id;
        final int clock;
        /** The CPU-time clock the timer runs on, or null for the other clocks. */
        final CpuClock cpu;
        final Notification notification;
        long interval;
        /** The next expiry on the monotonic clock (on the CPU clock for CPU timers), when armed. */
        long expiresAt;
        boolean armed;
        /** Changes whenever the timer is set or deleted: an expiry scheduled before is stale. */
        long generation;
        ScheduledFuture<?> future;
        /** Expirations while the last signal was pending, and the count of the signal before. */
        int overrun;
        int overrunLast;
        /** The last signal was sent and may still be pending. */
        boolean signalOut;
        /** The last signal is being sent (outside the monitor), so it may not be queued yet. */
        boolean sending;

        Timer(int id, int clock, CpuClock cpu, Notification notification) {
            this.id = id;
            this.clock = clock;
            this.cpu = cpu;
            this.notification = notification;
        }
    }

    private final Process process;
    private final Map<Integer, Timer> timers = new TreeMap<>();
    private int nextId;
    /** The program image the timers belong to; exec replaces the memory and ends them. */
    private Mm image;

    PosixTimers(Process process) {
        this.process = process;
    }

    /** The timers of process p. */
    public static PosixTimers of(Process p) {
        return p.posixTimers;
    }

    /**
     * Creates a disarmed timer on clock and returns its id; notification null means SIGALRM to
     * the process with the timer id as value. EINVAL for clocks without timers (CPU-time clocks
     * have their own {@link #create(int, CpuClock, Notification)}), EPERM for the alarm clocks
     * without privilege.
     */
    public synchronized int create(int clock, Notification notification) {
        checkClock(clock);
        return add(clock, null, notification);
    }

    /** Creates a disarmed timer on a CPU-time clock (clock is the id it was named by); as {@link #create}. */
    public synchronized int create(int clock, CpuClock cpu, Notification notification) {
        return add(clock, cpu, notification);
    }

    private int add(int clock, CpuClock cpu, Notification notification) {
        forgetOldImage();
        int id = nextId;
        while (timers.containsKey(id)) {
            id = id == Integer.MAX_VALUE ? 0 : id + 1;
        }
        nextId = id == Integer.MAX_VALUE ? 0 : id + 1;
        Notification n = notification != null ? notification : new Notification(Signals.SIGALRM, id, null);
        timers.put(id, new Timer(id, clock, cpu, n));
        return id;
    }

    private void checkClock(int clock) {
        switch (clock) {
            case Clocks.CLOCK_REALTIME, Clocks.CLOCK_MONOTONIC, Clocks.CLOCK_BOOTTIME, Clocks.CLOCK_TAI -> { }
            case Clocks.CLOCK_REALTIME_ALARM, Clocks.CLOCK_BOOTTIME_ALARM -> KernelTimers.requireAlarmPrivilege(process, clock);
            default -> throw Errno.EINVAL.exception();
        }
    }

    /**
     * Arms the timer to expire after value nanoseconds (at value on its clock when absolute) and
     * then every interval; value 0 disarms it. Returns the previous setting. EINVAL for an unknown
     * id, ESRCH for a CPU timer whose process or thread is gone.
     */
    public Setting set(int id, boolean absolute, long value, long interval) {
        Setting old;
        boolean fireNow = false;
        long generation;
        Timer t;
        synchronized (this) {
            t = timer(id);
            if (t.cpu != null && !t.cpu.exists()) {
                throw Errno.ESRCH.exception();
            }
            old = setting(t);
            cancel(t);
            t.overrun = 0;
            t.overrunLast = 0;
            t.interval = value == 0 ? 0 : interval;
            if (value == 0) {
                return old;
            }
            long now = now(t);
            long base = t.cpu != null ? now : KernelTimers.clockNow(process, t.clock);
            long delay = absolute ? KernelTimers.saturatingSub(value, base) : value;
            // A start in the past stays in the past: the periods since then are overruns.
            t.expiresAt = KernelTimers.saturatingAdd(now, delay);
            t.armed = true;
            generation = t.generation;
            if (t.notification.signo() != 0) {
                if (delay <= 0) {
                    fireNow = true;
                } else if (t.cpu != null) {
                    CpuTicker.watch(this);
                } else {
                    schedule(t, delay);
                }
            }
        }
        if (fireNow) {
            fire(t, generation);
        }
        return old;
    }

    /** The current setting of timer id. EINVAL for an unknown id. */
    public synchronized Setting get(int id) {
        return setting(timer(id));
    }

    /** The overrun count of the timer's last signal taken (timer_getoverrun(2)). EINVAL for an unknown id. */
    public synchronized int overrun(int id) {
        Timer t = timer(id);
        settle(t);
        return t.overrunLast;
    }

    /** Deletes timer id (timer_delete(2)); a signal it sent stays pending. EINVAL for an unknown id. */
    public synchronized void delete(int id) {
        cancel(timer(id));
        timers.remove(id);
    }

    /** Deletes every timer: the process execs or ends. */
    synchronized void deleteAll() {
        timers.values().forEach(PosixTimers::cancel);
        timers.clear();
    }

    /** The ids of the existing timers, in order (for /proc and tests). */
    public synchronized java.util.List<Integer> ids() {
        forgetOldImage();
        return java.util.List.copyOf(timers.keySet());
    }

    private Timer timer(int id) {
        forgetOldImage();
        Timer t = timers.get(id);
        if (t == null) {
            throw Errno.EINVAL.exception();
        }
        return t;
    }

    /** Deletes the timers of a program image that exec replaced. */
    private void forgetOldImage() {
        Mm current = process.mm();
        if (current != image) {
            deleteAll();
            image = current;
        }
    }

    private Setting setting(Timer t) {
        if (t.cpu != null && !t.cpu.exists()) {
            return new Setting(0, 0);
        }
        if (!t.armed) {
            return new Setting(0, t.interval);
        }
        long left = t.expiresAt - now(t);
        if (left > 0) {
            return new Setting(left, t.interval);
        }
        if (t.interval > 0) {
            return new Setting(t.interval - Math.floorMod(-left, t.interval), t.interval);
        }
        // Due but not yet fired: Linux reports 1 ns for a timer whose signal is on its way.
        return new Setting(t.notification.signo() == 0 ? 0 : 1, 0);
    }

    private static void cancel(Timer t) {
        t.generation++;
        t.armed = false;
        if (t.future != null) {
            t.future.cancel(false);
            t.future = null;
        }
    }

    private void schedule(Timer t, long delay) {
        long generation = t.generation;
        t.future = KernelTimers.schedule(() -> fire(t, generation), delay);
    }

    /** The timer expired: re-arms a periodic one and sends the signal, or counts an overrun. */
    private void fire(Timer t, long generation) {
        Siginfo info;
        synchronized (this) {
            if (t.generation != generation || timers.get(t.id) != t) {
                return;
            }
            t.future = null;
            if (process.exitStatus() != null || process.mm() != image) {
                deleteAll();
                return;
            }
            long now = now(t);
            long missed = 0;
            if (t.interval > 0) {
                missed = Math.max(0, now - t.expiresAt) / t.interval;
                t.expiresAt = KernelTimers.saturatingAdd(t.expiresAt, KernelTimers.saturatingMul(missed + 1, t.interval));
                if (t.cpu == null) {
                    schedule(t, Math.max(MIN_PERIOD_NANOS, t.expiresAt - now));
                }
            } else {
                t.armed = false;
            }
            settle(t);
            if (t.signalOut) {
                t.overrun = saturatingInt(KernelTimers.saturatingAdd(t.overrun + 1L, missed));
                return;
            }
            t.overrun = saturatingInt(missed);
            Notification n = t.notification;
            if (n.thread() != null && !process.tasks().contains(n.thread())) {
                return;
            }
            t.signalOut = true;
            t.sending = true;
            info = Siginfo.timer(n.signo(), t.id, t.overrun, n.value());
        }
        try {
            SignalSender.send(process, t.notification.thread(), info, null);
        } finally {
            synchronized (this) {
                t.sending = false;
            }
        }
    }

    /** Once the last signal has left the queue, its overruns become what timer_getoverrun reports. */
    private void settle(Timer t) {
        if (t.signalOut && !t.sending && !pending(t.notification)) {
            t.signalOut = false;
            t.overrunLast = t.overrun;
            t.overrun = 0;
        }
    }

    private boolean pending(Notification n) {
        long bit = Signals.maskBit(n.signo());
        if (n.thread() != null) {
            return (n.thread().pending() & bit) != 0;
        }
        for (Task task : process.tasks()) {
            if ((task.pending() & bit) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fires the CPU timers whose clock reached their deadline; returns whether any is still armed
     * to fire. Timers whose process or thread is gone stop here for good.
     */
    @Override
    public boolean tick() {
        java.util.List<Timer> due = new java.util.ArrayList<>();
        java.util.List<Long> generations = new java.util.ArrayList<>();
        synchronized (this) {
            for (Timer t : timers.values()) {
                if (!firesOnCpu(t)) {
                    continue;
                }
                if (!t.cpu.exists()) {
                    cancel(t);
                } else if (t.cpu.now() >= t.expiresAt) {
                    due.add(t);
                    generations.add(t.generation);
                }
            }
        }
        for (int i = 0; i < due.size(); i++) {
            fire(due.get(i), generations.get(i));
        }
        return armed();
    }

    @Override
    public synchronized boolean armed() {
        for (Timer t : timers.values()) {
            if (firesOnCpu(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean firesOnCpu(Timer t) {
        return t.cpu != null && t.armed && t.notification.signo() != 0;
    }

    private long monotonic() {
        return process.kernel().monotonicNanos();
    }

    /** The timer's clock: its CPU clock, or the monotonic one that other deadlines are kept on. */
    private long now(Timer t) {
        return t.cpu != null ? t.cpu.now() : monotonic();
    }

    private static int saturatingInt(long n) {
        return (int) Math.min(DELAYTIMER_MAX, n);
    }
}
