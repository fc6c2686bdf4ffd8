package dev.zlx.abi;

/** personality(2)'s personas and flags (include/uapi/linux/personality.h). */
public final class Personality {
    public static final int PER_LINUX = 0x0000;
    public static final int PER_LINUX32 = 0x0008;
    /** The persona number, below the flags. */
    public static final int PER_MASK = 0x00ff;
    public static final int UNAME26 = 0x0020000;
    public static final int ADDR_NO_RANDOMIZE = 0x0040000;
    public static final int FDPIC_FUNCPTRS = 0x0080000;
    public static final int MMAP_PAGE_ZERO = 0x0100000;
    public static final int ADDR_COMPAT_LAYOUT = 0x0200000;
    public static final int READ_IMPLIES_EXEC = 0x0400000;
    public static final int ADDR_LIMIT_32BIT = 0x0800000;
    public static final int SHORT_INODE = 0x1000000;
    public static final int WHOLE_SECONDS = 0x2000000;
    public static final int STICKY_TIMEOUTS = 0x4000000;
    public static final int ADDR_LIMIT_3GB = 0x8000000;
    /** The flags a set-user-ID or set-group-ID execve clears. */
    public static final int PER_CLEAR_ON_SETID = READ_IMPLIES_EXEC | ADDR_NO_RANDOMIZE | ADDR_COMPAT_LAYOUT
            | MMAP_PAGE_ZERO;
    /** personality(0xffffffff) only asks. */
    public static final int QUERY = 0xffffffff;

    private Personality() {
    }
}
