package dev.zlx.abi;

/** The per-call flags of preadv2(2) and pwritev2(2) (linux/fs.h RWF_*). */
public final class RwfFlags {
    public static final int RWF_HIPRI = 0x1;
    public static final int RWF_DSYNC = 0x2;
    public static final int RWF_SYNC = 0x4;
    public static final int RWF_NOWAIT = 0x8;
    public static final int RWF_APPEND = 0x10;
    public static final int RWF_NOAPPEND = 0x20;
    public static final int RWF_ATOMIC = 0x40;
    public static final int RWF_DONTCACHE = 0x80;
    public static final int RWF_NOSIGNAL = 0x100;
    /** Every flag Linux knows (RWF_SUPPORTED); others are EOPNOTSUPP. */
    public static final int RWF_SUPPORTED = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND
            | RWF_ATOMIC | RWF_DONTCACHE | RWF_NOSIGNAL;

    private RwfFlags() {
    }
}
