package dev.zlx.abi;

/**
 * Signal numbers, sigaction flags and sigprocmask operations, from asm/signal.h and asm-generic/signal-defs.h;
 * the same on x86-64 and aarch64 except the minimum signal stack size.
 */
public final class Signals {
    private Signals() {
    }

    // Signal numbers
    /** SIGHUP as the kernel header defines it. */
    public static final int SIGHUP = 1;
    /** SIGINT as the kernel header defines it. */
    public static final int SIGINT = 2;
    /** SIGQUIT as the kernel header defines it. */
    public static final int SIGQUIT = 3;
    /** SIGILL as the kernel header defines it. */
    public static final int SIGILL = 4;
    /** SIGTRAP as the kernel header defines it. */
    public static final int SIGTRAP = 5;
    /** SIGABRT as the kernel header defines it. */
    public static final int SIGABRT = 6;
    /** SIGIOT as the kernel header defines it. */
    public static final int SIGIOT = 6;
    /** SIGBUS as the kernel header defines it. */
    public static final int SIGBUS = 7;
    /** SIGFPE as the kernel header defines it. */
    public static final int SIGFPE = 8;
    /** SIGKILL as the kernel header defines it. */
    public static final int SIGKILL = 9;
    /** SIGUSR1 as the kernel header defines it. */
    public static final int SIGUSR1 = 10;
    /** SIGSEGV as the kernel header defines it. */
    public static final int SIGSEGV = 11;
    /** SIGUSR2 as the kernel header defines it. */
    public static final int SIGUSR2 = 12;
    /** SIGPIPE as the kernel header defines it. */
    public static final int SIGPIPE = 13;
    /** SIGALRM as the kernel header defines it. */
    public static final int SIGALRM = 14;
    /** SIGTERM as the kernel header defines it. */
    public static final int SIGTERM = 15;
    /** SIGSTKFLT as the kernel header defines it. */
    public static final int SIGSTKFLT = 16;
    /** SIGCHLD as the kernel header defines it. */
    public static final int SIGCHLD = 17;
    /** SIGCONT as the kernel header defines it. */
    public static final int SIGCONT = 18;
    /** SIGSTOP as the kernel header defines it. */
    public static final int SIGSTOP = 19;
    /** SIGTSTP as the kernel header defines it. */
    public static final int SIGTSTP = 20;
    /** SIGTTIN as the kernel header defines it. */
    public static final int SIGTTIN = 21;
    /** SIGTTOU as the kernel header defines it. */
    public static final int SIGTTOU = 22;
    /** SIGURG as the kernel header defines it. */
    public static final int SIGURG = 23;
    /** SIGXCPU as the kernel header defines it. */
    public static final int SIGXCPU = 24;
    /** SIGXFSZ as the kernel header defines it. */
    public static final int SIGXFSZ = 25;
    /** SIGVTALRM as the kernel header defines it. */
    public static final int SIGVTALRM = 26;
    /** SIGPROF as the kernel header defines it. */
    public static final int SIGPROF = 27;
    /** SIGWINCH as the kernel header defines it. */
    public static final int SIGWINCH = 28;
    /** SIGIO as the kernel header defines it. */
    public static final int SIGIO = 29;
    /** SIGPOLL as the kernel header defines it. */
    public static final int SIGPOLL = 29;
    /** SIGPWR as the kernel header defines it. */
    public static final int SIGPWR = 30;
    /** SIGSYS as the kernel header defines it. */
    public static final int SIGSYS = 31;
    /** The first real-time signal (the kernel's value; glibc reserves 32 and 33). */
    public static final int SIGRTMIN = 32;

    // sigaction flags
    /** SA_NOCLDSTOP as the kernel header defines it. */
    public static final int SA_NOCLDSTOP = 1;
    /** SA_NOCLDWAIT as the kernel header defines it. */
    public static final int SA_NOCLDWAIT = 2;
    /** The handler takes siginfo and ucontext. */
    public static final int SA_SIGINFO = 4;
    /** SA_UNSUPPORTED as the kernel header defines it. */
    public static final int SA_UNSUPPORTED = 0x400;
    /** SA_EXPOSE_TAGBITS as the kernel header defines it. */
    public static final int SA_EXPOSE_TAGBITS = 0x800;
    /** sa_restorer is valid. */
    public static final int SA_RESTORER = 0x4000000;
    /** Run on the alternate signal stack. */
    public static final int SA_ONSTACK = 0x8000000;
    /** Restart interrupted syscalls. */
    public static final int SA_RESTART = 0x10000000;
    /** Do not block the signal during its handler. */
    public static final int SA_NODEFER = 0x40000000;
    /** Reset to SIG_DFL on delivery. */
    public static final int SA_RESETHAND = 0x80000000;

    // sigprocmask operations
    /** Add the set to the mask. */
    public static final int SIG_BLOCK = 0;
    /** Remove the set from the mask. */
    public static final int SIG_UNBLOCK = 1;
    /** Replace the mask with the set. */
    public static final int SIG_SETMASK = 2;

    // Handler values
    /** The default-action handler value. */
    public static final long SIG_DFL = 0L;
    /** The ignore handler value. */
    public static final long SIG_IGN = 1L;

    /** The highest signal number (_NSIG). */
    public static final int SIGRTMAX = 64;

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
        "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
        "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    /**
     * The name of a signal as strace prints it: "SIGHUP"…"SIGSYS" for 1-31, "SIGRTMIN" for 32 and
     * "SIGRT_1"…"SIGRT_32" for 33-64; null outside 1-64.
     */
    public static String name(int sig) {
        if (sig >= 1 && sig < SIGRTMIN) {
            return NAMES[sig];
        }
        if (sig == SIGRTMIN) {
            return "SIGRTMIN";
        }
        return sig > SIGRTMIN && sig <= SIGRTMAX ? "SIGRT_" + (sig - SIGRTMIN) : null;
    }

    /** The number of the signal with this name (as {@link #name} gives it, or an alias), or -1. */
    public static int number(String name) {
        switch (name) {
            case "SIGIOT": return SIGIOT;
            case "SIGPOLL": return SIGPOLL;
            case "SIGRTMAX": return SIGRTMAX;
            default: break;
        }
        for (int sig = 1; sig <= SIGRTMAX; sig++) {
            if (name.equals(name(sig))) {
                return sig;
            }
        }
        return -1;
    }

    /** MINSIGSTKSZ of an architecture (2048 on x86-64, 5120 on aarch64). */
    public static int minSigStackSize(Arch arch) {
        return arch == Arch.AARCH64 ? 5120 : 2048;
    }

    /** The bit of a signal in a 64-bit kernel sigset_t. */
    public static long maskBit(int sig) {
        return 1L << (sig - 1);
    }

}
