package dev.zlx.abi;

/** flock(2)'s operations (asm-generic/fcntl.h). The fcntl(2) lock commands and types are in {@link Fcntl}. */
public final class FileLocking {
    /** A shared lock. */
    public static final int LOCK_SH = 1;
    /** An exclusive lock. */
    public static final int LOCK_EX = 2;
    /** Or'ed with LOCK_SH or LOCK_EX: fail with EWOULDBLOCK instead of waiting. */
    public static final int LOCK_NB = 4;
    /** Remove the lock. */
    public static final int LOCK_UN = 8;
    /** The old mandatory-lock flag: Linux ignores a request carrying it and returns 0. */
    public static final int LOCK_MAND = 32;

    /** Linux's OFFSET_MAX: a lock with l_len 0 reaches this offset (the end of any file). */
    public static final long OFFSET_MAX = Long.MAX_VALUE;

    private FileLocking() {
    }
}
