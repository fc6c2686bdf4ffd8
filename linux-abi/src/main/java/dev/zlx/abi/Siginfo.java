package dev.zlx.abi;

/**
 * siginfo_t (asm-generic/siginfo.h; 128 bytes, the same on x86-64 and aarch64): signo, errno,
 * code, then a union whose member depends on how the signal came.
 *
 * @param signo the signal
 * @param code SI_USER, SI_TKILL, SI_QUEUE, SEGV_MAPERR, CLD_EXITED…
 * @param layout which member of the union is filled
 * @param pid the sender (kill, queue, child), or the timer id si_tid (timer)
 * @param uid the sender's real uid, or the overrun count si_overrun (timer)
 * @param value sigval (queue, timer) or the child's status (child)
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

    /** The union member in use. */
    public enum Layout { KILL, QUEUE, CHILD, FAULT, TIMER }

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
        }
        return b;
    }
}
