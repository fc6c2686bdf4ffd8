package dev.zlx.abi;

/**
 * Flags of renameat2(2), from linux/fs.h.
 */
public final class Renameat {
    private Renameat() {
    }

    // renameat2 flags
    /** Fail if the target exists. */
    public static final int RENAME_NOREPLACE = 1;
    /** Exchange source and target atomically. */
    public static final int RENAME_EXCHANGE = 2;
    /** Leave a whiteout at the source. */
    public static final int RENAME_WHITEOUT = 4;

}
