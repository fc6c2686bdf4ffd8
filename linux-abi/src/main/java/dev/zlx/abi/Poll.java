package dev.zlx.abi;

/** poll(2) event bits (asm-generic/poll.h, the same on x86-64 and aarch64) and struct pollfd. */
public final class Poll {
    public static final int POLLIN = 0x1;
    public static final int POLLPRI = 0x2;
    public static final int POLLOUT = 0x4;
    public static final int POLLERR = 0x8;
    public static final int POLLHUP = 0x10;
    public static final int POLLNVAL = 0x20;
    public static final int POLLRDNORM = 0x40;
    public static final int POLLRDBAND = 0x80;
    public static final int POLLWRNORM = 0x100;
    public static final int POLLWRBAND = 0x200;
    public static final int POLLRDHUP = 0x2000;
    /** sizeof(struct pollfd): int fd, short events, short revents. */
    public static final int POLLFD_SIZE = 8;

    private Poll() {
    }
}
