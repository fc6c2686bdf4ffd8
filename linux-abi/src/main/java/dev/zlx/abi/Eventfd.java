package dev.zlx.abi;

/** eventfd(2): the flags of eventfd2 (sys/eventfd.h; EFD_CLOEXEC and EFD_NONBLOCK are the open flags). */
public final class Eventfd {
    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_CLOEXEC = 02000000;
    public static final int EFD_NONBLOCK = 04000;
    /** The counter's ceiling: it never reaches 2^64-1, so a write waits while count would pass this. */
    public static final long COUNTER_MAX = 0xfffffffffffffffeL;
    /** Reads and writes move exactly one u64. */
    public static final int VALUE_SIZE = 8;

    private Eventfd() {
    }
}
