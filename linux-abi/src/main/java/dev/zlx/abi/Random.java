package dev.zlx.abi;

/**
 * Flags of getrandom(2), from linux/random.h.
 */
public final class Random {
    private Random() {
    }

    // getrandom flags
    /** Do not block if the pool is not ready. */
    public static final int GRND_NONBLOCK = 1;
    /** Use the blocking random pool. */
    public static final int GRND_RANDOM = 2;
    /** Return data even before the pool is initialized. */
    public static final int GRND_INSECURE = 4;

}
