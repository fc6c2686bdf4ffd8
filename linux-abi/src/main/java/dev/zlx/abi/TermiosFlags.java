package dev.zlx.abi;

/**
 * The termios flag bits and control-character indexes of asm-generic/termbits.h and
 * termbits-common.h (x86-64 and aarch64 both use the generic header), and the settings a new
 * pseudo-terminal starts with (drivers/tty/tty_io.c tty_std_termios, pty.c).
 */
public final class TermiosFlags {
    private TermiosFlags() {
    }

    // c_cc indexes
    public static final int VINTR = 0;
    public static final int VQUIT = 1;
    public static final int VERASE = 2;
    public static final int VKILL = 3;
    public static final int VEOF = 4;
    public static final int VTIME = 5;
    public static final int VMIN = 6;
    public static final int VSWTC = 7;
    public static final int VSTART = 8;
    public static final int VSTOP = 9;
    public static final int VSUSP = 10;
    public static final int VEOL = 11;
    public static final int VREPRINT = 12;
    public static final int VDISCARD = 13;
    public static final int VWERASE = 14;
    public static final int VLNEXT = 15;
    public static final int VEOL2 = 16;

    // c_iflag
    public static final int IGNBRK = 01;
    public static final int BRKINT = 02;
    public static final int PARMRK = 010;
    public static final int ISTRIP = 040;
    public static final int INLCR = 0100;
    public static final int IGNCR = 0200;
    public static final int ICRNL = 0400;
    public static final int IUCLC = 01000;
    public static final int IXON = 02000;
    public static final int IXANY = 04000;
    public static final int IXOFF = 010000;
    public static final int IMAXBEL = 020000;
    public static final int IUTF8 = 040000;

    // c_oflag
    public static final int OPOST = 01;
    public static final int OLCUC = 02;
    public static final int ONLCR = 04;
    public static final int OCRNL = 010;
    public static final int ONOCR = 020;
    public static final int ONLRET = 040;

    // c_cflag
    public static final int B38400 = 017;
    public static final int CSIZE = 060;
    public static final int CS8 = 060;
    public static final int CREAD = 0200;
    public static final int PARENB = 0400;
    public static final int HUPCL = 02000;

    // c_lflag
    public static final int ISIG = 01;
    public static final int ICANON = 02;
    public static final int ECHO = 010;
    public static final int ECHOE = 020;
    public static final int ECHOK = 040;
    public static final int ECHONL = 0100;
    public static final int NOFLSH = 0200;
    public static final int TOSTOP = 0400;
    public static final int ECHOCTL = 01000;
    public static final int ECHOPRT = 02000;
    public static final int ECHOKE = 04000;
    public static final int IEXTEN = 0100000;

    // TCFLSH arguments
    public static final int TCIFLUSH = 0;
    public static final int TCOFLUSH = 1;
    public static final int TCIOFLUSH = 2;

    // TCXONC arguments
    public static final int TCOOFF = 0;
    public static final int TCOON = 1;
    public static final int TCIOFF = 2;
    public static final int TCION = 3;

    /** The line discipline number of N_TTY (TIOCGETD). */
    public static final int N_TTY = 0;

    /** INIT_C_CC of include/linux/tty.h: ^C ^\ DEL ^U ^D, TIME 0, MIN 1, ^Q ^S ^Z, ^R ^O ^W ^V. */
    private static final byte[] INIT_C_CC = {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0};

    /** A new Unix98 pty slave's termios (pty.c: tty_std_termios with cflag B38400 | CS8 | CREAD). */
    public static Termios ptySlaveDefault() {
        byte[] cc = new byte[Termios.NCCS];
        System.arraycopy(INIT_C_CC, 0, cc, 0, INIT_C_CC.length);
        return new Termios(ICRNL | IXON, OPOST | ONLCR, B38400 | CS8 | CREAD,
                ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN, N_TTY, cc);
    }
}
