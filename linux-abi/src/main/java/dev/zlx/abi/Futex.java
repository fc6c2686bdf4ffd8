package dev.zlx.abi;

/**
 * Operations and flags of futex(2), from linux/futex.h.
 */
public final class Futex {
    private Futex() {
    }

    // Operations
    /** FUTEX_WAIT as the kernel header defines it. */
    public static final int FUTEX_WAIT = 0;
    /** FUTEX_WAKE as the kernel header defines it. */
    public static final int FUTEX_WAKE = 1;
    /** FUTEX_FD as the kernel header defines it. */
    public static final int FUTEX_FD = 2;
    /** FUTEX_REQUEUE as the kernel header defines it. */
    public static final int FUTEX_REQUEUE = 3;
    /** FUTEX_CMP_REQUEUE as the kernel header defines it. */
    public static final int FUTEX_CMP_REQUEUE = 4;
    /** FUTEX_WAKE_OP as the kernel header defines it. */
    public static final int FUTEX_WAKE_OP = 5;
    /** FUTEX_LOCK_PI as the kernel header defines it. */
    public static final int FUTEX_LOCK_PI = 6;
    /** FUTEX_UNLOCK_PI as the kernel header defines it. */
    public static final int FUTEX_UNLOCK_PI = 7;
    /** FUTEX_TRYLOCK_PI as the kernel header defines it. */
    public static final int FUTEX_TRYLOCK_PI = 8;
    /** FUTEX_WAIT_BITSET as the kernel header defines it. */
    public static final int FUTEX_WAIT_BITSET = 9;
    /** FUTEX_WAKE_BITSET as the kernel header defines it. */
    public static final int FUTEX_WAKE_BITSET = 10;
    /** FUTEX_WAIT_REQUEUE_PI as the kernel header defines it. */
    public static final int FUTEX_WAIT_REQUEUE_PI = 11;
    /** FUTEX_CMP_REQUEUE_PI as the kernel header defines it. */
    public static final int FUTEX_CMP_REQUEUE_PI = 12;
    /** FUTEX_LOCK_PI2 as the kernel header defines it. */
    public static final int FUTEX_LOCK_PI2 = 13;

    // Flags and masks
    /** The futex is private to the process. */
    public static final int FUTEX_PRIVATE_FLAG = 0x80;
    /** The timeout is on CLOCK_REALTIME. */
    public static final int FUTEX_CLOCK_REALTIME = 0x100;
    /** Mask of the command bits of op. */
    public static final int FUTEX_CMD_MASK = 0xfffffe7f;
    /** FUTEX_BITSET_MATCH_ANY as the kernel header defines it. */
    public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;
    /** FUTEX_WAITERS as the kernel header defines it. */
    public static final int FUTEX_WAITERS = 0x80000000;
    /** FUTEX_OWNER_DIED as the kernel header defines it. */
    public static final int FUTEX_OWNER_DIED = 0x40000000;
    /** FUTEX_TID_MASK as the kernel header defines it. */
    public static final int FUTEX_TID_MASK = 0x3fffffff;

}
