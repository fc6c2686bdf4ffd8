package dev.zlx.abi;

/**
 * Terminal and file ioctl(2) request numbers, from asm-generic/ioctls.h; x86-64 and aarch64 share them (checked against both arches' headers).
 */
public final class Ioctls {
    private Ioctls() {
    }

    // Terminal requests
    /** Get the terminal attributes. */
    public static final int TCGETS = 0x5401;
    /** Set the terminal attributes now. */
    public static final int TCSETS = 0x5402;
    /** Set the terminal attributes after output drains. */
    public static final int TCSETSW = 0x5403;
    /** Set the terminal attributes after output drains, discarding input. */
    public static final int TCSETSF = 0x5404;
    /** TCFLSH as the kernel header defines it. */
    public static final int TCFLSH = 0x540b;
    /** TIOCSCTTY as the kernel header defines it. */
    public static final int TIOCSCTTY = 0x540e;
    /** Get the foreground process group. */
    public static final int TIOCGPGRP = 0x540f;
    /** Set the foreground process group. */
    public static final int TIOCSPGRP = 0x5410;
    /** TIOCOUTQ as the kernel header defines it. */
    public static final int TIOCOUTQ = 0x5411;
    /** Get the window size. */
    public static final int TIOCGWINSZ = 0x5413;
    /** Set the window size. */
    public static final int TIOCSWINSZ = 0x5414;
    /** TIOCNOTTY as the kernel header defines it. */
    public static final int TIOCNOTTY = 0x5422;
    /** TIOCGSID as the kernel header defines it. */
    public static final int TIOCGSID = 0x5429;
    /** TIOCGPTN as the kernel header defines it. */
    public static final int TIOCGPTN = 0x80045430;
    /** TIOCSPTLCK as the kernel header defines it. */
    public static final int TIOCSPTLCK = 0x40045431;
    /** TIOCGPTPEER as the kernel header defines it. */
    public static final int TIOCGPTPEER = 0x5441;

    // File requests
    /** Bytes available to read. */
    public static final int FIONREAD = 0x541b;
    /** Set or clear non-blocking mode. */
    public static final int FIONBIO = 0x5421;
    /** Clear close-on-exec. */
    public static final int FIONCLEX = 0x5450;
    /** Set close-on-exec. */
    public static final int FIOCLEX = 0x5451;

}
