package dev.zlx.abi;

/** The interval timers of setitimer(2) and getitimer(2), from linux/time.h. */
public final class Itimers {
    private Itimers() {
    }

    /** Real (wall-clock) time; SIGALRM. */
    public static final int ITIMER_REAL = 0;
    /** The process's user CPU time; SIGVTALRM. */
    public static final int ITIMER_VIRTUAL = 1;
    /** The process's user and system CPU time; SIGPROF. */
    public static final int ITIMER_PROF = 2;
}
