package dev.zlx.abi;

/** timerfd_create(2) and timerfd_settime(2) flags (linux/timerfd.h; the same on x86-64 and aarch64). */
public final class Timerfd {
    public static final int TFD_TIMER_ABSTIME = 1;
    public static final int TFD_TIMER_CANCEL_ON_SET = 2;
    public static final int TFD_CLOEXEC = Fcntl.O_CLOEXEC;
    public static final int TFD_NONBLOCK = Fcntl.O_NONBLOCK;
    /** The flags timerfd_create accepts (TFD_CREATE_FLAGS). */
    public static final int TFD_CREATE_FLAGS = TFD_CLOEXEC | TFD_NONBLOCK;
    /** The flags timerfd_settime accepts (TFD_SETTIME_FLAGS). */
    public static final int TFD_SETTIME_FLAGS = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET;
    /** A read moves one u64: the expirations since the last read. */
    public static final int VALUE_SIZE = 8;

    private Timerfd() {
    }
}
