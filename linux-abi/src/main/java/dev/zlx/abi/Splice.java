package dev.zlx.abi;

/** The flags of splice(2), tee(2) and vmsplice(2) (linux/splice.h). */
public final class Splice {
    /** Move pages instead of copying (a hint). */
    public static final int SPLICE_F_MOVE = 0x01;
    /** Do not block on the pipe. */
    public static final int SPLICE_F_NONBLOCK = 0x02;
    /** More data follows (a hint for sockets). */
    public static final int SPLICE_F_MORE = 0x04;
    /** vmsplice: the pages are given to the kernel (a hint). */
    public static final int SPLICE_F_GIFT = 0x08;
    /** Every flag Linux knows (SPLICE_F_ALL); others are EINVAL. */
    public static final int SPLICE_F_ALL = SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT;

    private Splice() {
    }
}
