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
    /** TCSBRK (tcdrain and tcsendbreak). */
    public static final int TCSBRK = 0x5409;
    /** TCXONC (tcflow). */
    public static final int TCXONC = 0x540a;
    /** TIOCEXCL: exclusive mode. */
    public static final int TIOCEXCL = 0x540c;
    /** TIOCNXCL: leave exclusive mode. */
    public static final int TIOCNXCL = 0x540d;
    /** TIOCSTI: fake input (refused unless legacy, as Linux 6.2+ with dev.tty.legacy_tiocsti=0). */
    public static final int TIOCSTI = 0x5412;
    /** TIOCSETD: set the line discipline. */
    public static final int TIOCSETD = 0x5423;
    /** TIOCGETD: get the line discipline. */
    public static final int TIOCGETD = 0x5424;
    /** TCSBRKP (POSIX tcsendbreak). */
    public static final int TCSBRKP = 0x5425;
    /** TCGETS2: struct termios2 (with speeds), _IOR('T', 0x2A, struct termios2). */
    public static final int TCGETS2 = 0x802c542a;
    /** TCSETS2. */
    public static final int TCSETS2 = 0x402c542b;
    /** TCSETSW2. */
    public static final int TCSETSW2 = 0x402c542c;
    /** TCSETSF2. */
    public static final int TCSETSF2 = 0x402c542d;
    /** TIOCGPTLCK: whether the pty is locked. */
    public static final int TIOCGPTLCK = 0x80045439;
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
    /** Set or clear signal-driven I/O (O_ASYNC). */
    public static final int FIOASYNC = 0x5452;

}
