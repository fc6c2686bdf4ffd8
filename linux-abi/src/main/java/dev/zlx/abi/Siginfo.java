package dev.zlx.abi;

/**
 * siginfo_t (asm-generic/siginfo.h; 128 bytes, the same on x86-64 and aarch64): signo, errno,
 * code, then a union whose member depends on how the signal came.
 *
 * @param signo the signal
 * @param code SI_USER, SI_TKILL, SI_QUEUE, SEGV_MAPERR, CLD_EXITED…
 * @param layout which member of the union is filled
 * @param pid the sender (kill, queue, child), the timer id si_tid (timer), or si_fd (poll)
 * @param uid the sender's real uid, or the overrun count si_overrun (timer)
 * @param value sigval (queue, timer), the child's status (child), or si_band (poll)
 * @param addr the faulting address (fault)
 */
public record Siginfo(int signo, int code, Layout layout, int pid, int uid, long value, long addr) {
    public static final int SIZE = 128;
    /** si_code values (asm-generic/siginfo.h). */
    public static final int SI_USER = 0;
    public static final int SI_KERNEL = 0x80;
    public static final int SI_QUEUE = -1;
    public static final int SI_TIMER = -2;
    public static final int SI_TKILL = -6;
    public static final int SEGV_MAPERR = 1;
    public static final int SEGV_ACCERR = 2;
    public static final int ILL_ILLOPC = 1;
    public static final int FPE_INTDIV = 1;
    public static final int TRAP_BRKPT = 1;
    public static final int BUS_ADRALN = 1;
    /** si_code values of SIGCHLD. */
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    public static final int CLD_STOPPED = 5;
    public static final int CLD_CONTINUED = 6;
    /** si_code values of SIGIO/SIGPOLL (signal-driven I/O). */
    public static final int POLL_IN = 1;
    public static final int POLL_OUT = 2;
    public static final int POLL_MSG = 3;
    public static final int POLL_ERR = 4;
    public static final int POLL_PRI = 5;
    public static final int POLL_HUP = 6;

    /** The union member in use. */
    public enum Layout { KILL, QUEUE, CHILD, FAULT, TIMER, POLL }

    /** A signal sent by kill(2) or tgkill(2) from pid/uid. */
    public static Siginfo kill(int signo, int code, int pid, int uid) {
        return new Siginfo(signo, code, Layout.KILL, pid, uid, 0, 0);
    }

    /** A child's state change told to its parent: status is the exit code or the signal (CLD_*). */
    public static Siginfo child(int signo, int code, int pid, int uid, int status) {
        return new Siginfo(signo, code, Layout.CHILD, pid, uid, status, 0);
    }

    /** A fault the CPU raised at addr. */
    public static Siginfo fault(int signo, int code, long addr) {
        return new Siginfo(signo, code, Layout.FAULT, 0, 0, 0, addr);
    }

    /** The expiry of POSIX timer timerId (timer_create(2)) with its sigev_value and overrun count. */
    public static Siginfo timer(int signo, int timerId, int overrun, long value) {
        return new Siginfo(signo, SI_TIMER, Layout.TIMER, timerId, overrun, value, 0);
    }

    /**
     * Signal-driven I/O on descriptor fd (send_sigio_to_task): code is POLL_IN…POLL_HUP and the
     * band the poll events fs/fcntl.c's band_table gives it.
     */
    public static Siginfo poll(int signo, int code, int fd) {
        return new Siginfo(signo, code, Layout.POLL, fd, 0, bandOf(code), 0);
    }

    /** fs/fcntl.c's band_table. */
    private static long bandOf(int code) {
        return switch (code) {
            case POLL_IN -> Poll.POLLIN | Poll.POLLRDNORM;
            case POLL_MSG -> Poll.POLLIN | Poll.POLLRDNORM | POLLMSG;
            case POLL_OUT -> Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLWRBAND;
            case POLL_ERR -> Poll.POLLERR;
            case POLL_PRI -> Poll.POLLPRI | Poll.POLLRDBAND;
            case POLL_HUP -> Poll.POLLHUP | Poll.POLLERR;
            default -> throw new IllegalArgumentException("si_code " + code + " is no POLL_* code");
        };
    }

    /** EPOLLMSG. */
    private static final int POLLMSG = 0x400;

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        LittleEndian.putU32(b, 0, signo);
        LittleEndian.putU32(b, 8, code);
        switch (layout) {
            case KILL -> {
                LittleEndian.putU32(b, 16, pid);
                LittleEndian.putU32(b, 20, uid);
            }
            case QUEUE, TIMER -> {
                LittleEndian.putU32(b, 16, pid);
                LittleEndian.putU32(b, 20, uid);
                LittleEndian.putU64(b, 24, value);
            }
            case CHILD -> {
                LittleEndian.putU32(b, 16, pid);
                LittleEndian.putU32(b, 20, uid);
                LittleEndian.putU32(b, 24, (int) value);
            }
            case FAULT -> LittleEndian.putU64(b, 16, addr);
            case POLL -> {
                LittleEndian.putU64(b, 16, value);
                LittleEndian.putU32(b, 24, pid);
            }
        }
        return b;
    }
}
