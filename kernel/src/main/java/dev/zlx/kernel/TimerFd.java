package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Timerfd;
import dev.zlx.vfs.AnonInodeFile;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;

/**
 * A timerfd (fs/timerfd.c): a timer on a clock whose expirations are counted and read as one
 * u64, instead of a signal. As on Linux the timer is not re-armed when it fires: a periodic
 * timer's later expirations are counted when the count is next looked at (read, poll, gettime)
 * and the timer is re-armed then, so an unread periodic timerfd costs nothing. Deadlines are kept
 * on the kernel's monotonic clock; an absolute time on the realtime clock becomes a delay when
 * set. zlx's realtime clock is never set, so TFD_TIMER_CANCEL_ON_SET is accepted and a read never
 * ends with ECANCELED. Guarded by its monitor.
 */
public final class TimerFd extends AnonInodeFile {
    private final Process process;
    private final int clock;
    private final WaitQueue waitQueue = new WaitQueue();
    private boolean armed;
    /** The next expiry on the monotonic clock, when armed. */
    private long expiresAt;
    private long interval;
    /** Expirations counted and not yet read. */
    private long ticks;
    /** The settime flags last given (for /proc/PID/fdinfo). */
    private int settimeFlags;
    /** Changes at each settime: an expiry scheduled before is stale. */
    private long generation;
    private ScheduledFuture<?> future;

    /** timerfd_create(clock, flags) with clock and flags checked: TFD_NONBLOCK becomes O_NONBLOCK. */
    public TimerFd(Process process, int clock, int flags) {
        super(Fcntl.O_RDWR | (flags & Timerfd.TFD_NONBLOCK), "[timerfd]");
        this.process = process;
        this.clock = clock;
    }

    /** The clock the timer runs on. */
    public int clock() {
        return clock;
    }

    /**
     * timerfd_settime: arms the timer to expire after value nanoseconds (at value on its clock
     * when absolute) and then every interval; value 0 disarms it. The count of unread
     * expirations starts again at 0. Returns the previous setting.
     */
    public PosixTimers.Setting set(int flags, long value, long newInterval) {
        synchronized (this) {
            long now = monotonic();
            PosixTimers.Setting old = setting(now);
            generation++;
            ticks = 0;
            settimeFlags = flags;
            armed = value != 0;
            // A disarmed timerfd still reports the interval it was given, as Linux's does.
            interval = newInterval;
            if (armed) {
                boolean absolute = (flags & Timerfd.TFD_TIMER_ABSTIME) != 0;
                long delay = absolute ? KernelTimers.saturatingSub(value, KernelTimers.clockNow(process, clock)) : value;
                expiresAt = KernelTimers.saturatingAdd(now, delay);
            }
            schedule(now);
            return old;
        }
    }

    /** timerfd_gettime: the time to the next expiry (0: disarmed) and the interval. */
    public synchronized PosixTimers.Setting get() {
        return setting(monotonic());
    }

    private PosixTimers.Setting setting(long now) {
        settle(now);
        return new PosixTimers.Setting(armed ? Math.max(1, expiresAt - now) : 0, interval);
    }

    /** timerfd_show: clock, unread expirations, settime flags, the time left and the interval. */
    @Override
    public synchronized String fdinfo() {
        PosixTimers.Setting s = setting(monotonic());
        return String.format("clockid: %d\nticks: %d\nsettime flags: 0%o\nit_value: (%d, %d)\nit_interval: (%d, %d)\n",
                clock, ticks, settimeFlags, s.value() / 1_000_000_000L, s.value() % 1_000_000_000L,
                s.interval() / 1_000_000_000L, s.interval() % 1_000_000_000L);
    }

    /** The unread expirations now (for /proc/PID/fdinfo and tests). */
    public synchronized long ticks() {
        settle(monotonic());
        return ticks;
    }

    /** The flags of the last timerfd_settime. */
    public synchronized int settimeFlags() {
        return settimeFlags;
    }

    /**
     * Counts the expirations due by now; a periodic timer moves to its next expiry after now
     * (hrtimer_forward_now), a one-shot one disarms.
     */
    private void settle(long now) {
        if (!armed || now < expiresAt) {
            return;
        }
        long due = 1;
        if (interval > 0) {
            due = KernelTimers.saturatingAdd(1, (now - expiresAt) / interval);
            expiresAt = KernelTimers.saturatingAdd(expiresAt, KernelTimers.saturatingMul(due, interval));
        } else {
            armed = false;
        }
        ticks = KernelTimers.saturatingAdd(ticks, due);
    }

    /** Schedules the wake-up of the next expiry, unless unread expirations already make the fd ready. */
    private void schedule(long now) {
        if (future != null) {
            future.cancel(false);
            future = null;
        }
        if (!armed || ticks > 0) {
            return;
        }
        long g = generation;
        future = KernelTimers.schedule(() -> expired(g), expiresAt - now);
    }

    private void expired(long g) {
        synchronized (this) {
            if (g != generation) {
                return;
            }
            future = null;
            long now = monotonic();
            settle(now);
            if (ticks == 0) {
                // Woken a little early: wait for the rest.
                schedule(now);
                return;
            }
            notifyAll();
        }
        waitQueue.wake(Poll.POLLIN);
    }

    /** read(2): the u64 count of expirations since the last read; waits for one unless O_NONBLOCK. */
    @Override
    public int read(ByteBuffer dst) {
        if (dst.remaining() < Timerfd.VALUE_SIZE) {
            throw Errno.EINVAL.exception();
        }
        long value;
        synchronized (this) {
            while (true) {
                long now = monotonic();
                settle(now);
                if (ticks > 0) {
                    value = ticks;
                    ticks = 0;
                    schedule(now);
                    break;
                }
                if ((statusFlags() & Fcntl.O_NONBLOCK) != 0) {
                    throw Errno.EAGAIN.exception();
                }
                // The expiry's notifyAll ends the wait; the timeout guards against a lost one.
                long millis = armed ? Math.max(1, (expiresAt - now) / 1_000_000 + 1) : 0;
                Interruption.await(this, millis);
            }
        }
        for (int i = 0; i < Timerfd.VALUE_SIZE; i++) {
            dst.put((byte) (value >>> (8 * i)));
        }
        return Timerfd.VALUE_SIZE;
    }

    /** timerfd_poll: readable while expirations are unread. */
    @Override
    public synchronized int poll(int events) {
        settle(monotonic());
        return (ticks > 0 ? Poll.POLLIN : 0) & (events | Poll.POLLERR | Poll.POLLHUP);
    }

    @Override
    public WaitQueue waitQueue() {
        return waitQueue;
    }

    @Override
    protected synchronized void release() {
        generation++;
        if (future != null) {
            future.cancel(false);
            future = null;
        }
    }

    private long monotonic() {
        return process.kernel().monotonicNanos();
    }
}
