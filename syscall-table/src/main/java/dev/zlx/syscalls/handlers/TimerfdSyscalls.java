package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.CLOCK;
import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Timerfd;
import dev.zlx.abi.Timespec;
import dev.zlx.kernel.KernelTimers;
import dev.zlx.kernel.PosixTimers;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.TimerFd;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;

/**
 * timerfd_create(2), timerfd_settime(2) and timerfd_gettime(2): timers that notify through a
 * descriptor ({@link TimerFd}); struct itimerspec as timer_settime(2) reads and writes it.
 */
public final class TimerfdSyscalls {
    private static final String NOTE = "TFD_TIMER_CANCEL_ON_SET is accepted but never cancels: "
            + "zlx's realtime clock cannot be set";

    public void register(SyscallRegistry r) {
        r.full("timerfd_create", (t, a) -> timerfdCreate(t, a.i32(0), a.i32(1)), CLOCK, HEX);
        r.partial("timerfd_settime", NOTE, (t, a) -> timerfdSettime(t, a.fd(0), a.i32(1), a.ptr(2), a.ptr(3)),
                FD, HEX, PTR, PTR);
        r.full("timerfd_gettime", (t, a) -> timerfdGettime(t, a.fd(0), a.ptr(1)), FD, PTR);
    }

    /**
     * timerfd_create(2): EINVAL for unknown flags or a clock timerfds do not run on, EPERM for the
     * alarm clocks without CAP_WAKE_ALARM.
     */
    static long timerfdCreate(Task t, int clock, int flags) {
        if ((flags & ~Timerfd.TFD_CREATE_FLAGS) != 0) {
            throw Errno.EINVAL.exception();
        }
        switch (clock) {
            case Clocks.CLOCK_MONOTONIC, Clocks.CLOCK_REALTIME, Clocks.CLOCK_BOOTTIME,
                    Clocks.CLOCK_REALTIME_ALARM, Clocks.CLOCK_BOOTTIME_ALARM -> { }
            default -> throw Errno.EINVAL.exception();
        }
        KernelTimers.requireAlarmPrivilege(t.process(), clock);
        TimerFd file = new TimerFd(t.process(), clock, flags);
        return OpenSyscalls.install(t, file, (flags & Timerfd.TFD_CLOEXEC) != 0);
    }

    /**
     * timerfd_settime(2): the new value is read and checked first (EFAULT, EINVAL), then the
     * flags and the descriptor (EBADF, EINVAL when it is not a timerfd).
     */
    static long timerfdSettime(Task t, int fd, int flags, long newValue, long oldValue) {
        byte[] raw = UserMemory.read(t.process().mm().space(), newValue, 2 * Timespec.SIZE);
        long interval = TimerSyscalls.nanos(Timespec.read(raw, 0));
        long value = TimerSyscalls.nanos(Timespec.read(raw, Timespec.SIZE));
        if ((flags & ~Timerfd.TFD_SETTIME_FLAGS) != 0) {
            throw Errno.EINVAL.exception();
        }
        PosixTimers.Setting old = timerfd(t, fd).set(flags, value, interval);
        if (oldValue != 0) {
            TimerSyscalls.write(t, oldValue, old);
        }
        return 0;
    }

    /** timerfd_gettime(2). */
    static long timerfdGettime(Task t, int fd, long currValue) {
        TimerSyscalls.write(t, currValue, timerfd(t, fd).get());
        return 0;
    }

    /** The timerfd open on fd: EBADF for no file, EINVAL for another kind. */
    private static TimerFd timerfd(Task t, int fd) {
        OpenFile file = t.process().fds().get(fd);
        if (!(file instanceof TimerFd timer)) {
            throw Errno.EINVAL.exception();
        }
        return timer;
    }
}
