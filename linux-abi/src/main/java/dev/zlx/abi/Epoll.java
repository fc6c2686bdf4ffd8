package dev.zlx.abi;

/**
 * epoll(7): the event bits and flags of linux/eventpoll.h, the epoll_ctl operations, and
 * struct epoll_event, whose layout differs: x86-64 packs it (u32 events, u64 data at 4: 12
 * bytes, for i386 compatibility), aarch64 aligns it (data at 8: 16 bytes).
 */
public final class Epoll {
    public static final int EPOLLIN = 0x1;
    public static final int EPOLLPRI = 0x2;
    public static final int EPOLLOUT = 0x4;
    public static final int EPOLLERR = 0x8;
    public static final int EPOLLHUP = 0x10;
    public static final int EPOLLNVAL = 0x20;
    public static final int EPOLLRDNORM = 0x40;
    public static final int EPOLLRDBAND = 0x80;
    public static final int EPOLLWRNORM = 0x100;
    public static final int EPOLLWRBAND = 0x200;
    public static final int EPOLLMSG = 0x400;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    /** epoll_create1's one flag: O_CLOEXEC. */
    public static final int EPOLL_CLOEXEC = 02000000;

    /** sizeof(struct epoll_event) on x86-64 (packed). */
    public static final int EVENT_SIZE_X86_64 = 12;
    /** sizeof(struct epoll_event) on aarch64. */
    public static final int EVENT_SIZE_AARCH64 = 16;

    private Epoll() {
    }

    /** sizeof(struct epoll_event) on an architecture. */
    public static int eventSize(Arch arch) {
        return arch == Arch.AARCH64 ? EVENT_SIZE_AARCH64 : EVENT_SIZE_X86_64;
    }

    /** offsetof(struct epoll_event, data) on an architecture. */
    public static int dataOffset(Arch arch) {
        return arch == Arch.AARCH64 ? 8 : 4;
    }

    /** Writes one struct epoll_event of arch into dst at off (padding zeroed). */
    public static void writeEvent(Arch arch, byte[] dst, int off, int events, long data) {
        java.util.Arrays.fill(dst, off, off + eventSize(arch), (byte) 0);
        LittleEndian.putU32(dst, off, events);
        LittleEndian.putU64(dst, off + dataOffset(arch), data);
    }

    /** The events field of a struct epoll_event (at 0 on every arch) at off in src. */
    public static int events(byte[] src, int off) {
        return LittleEndian.getU32(src, off);
    }

    /** The data field of the struct epoll_event of arch at off in src. */
    public static long data(Arch arch, byte[] src, int off) {
        return LittleEndian.getU64(src, off + dataOffset(arch));
    }
}
