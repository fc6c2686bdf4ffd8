package dev.zlx.abi;

/**
 * Options of prctl(2), from linux/prctl.h (a selection: the options zlx is likely to meet).
 */
public final class Prctl {
    private Prctl() {
    }

    // prctl options
    /** PR_SET_PDEATHSIG as the kernel header defines it. */
    public static final int PR_SET_PDEATHSIG = 1;
    /** PR_GET_PDEATHSIG as the kernel header defines it. */
    public static final int PR_GET_PDEATHSIG = 2;
    /** PR_GET_DUMPABLE as the kernel header defines it. */
    public static final int PR_GET_DUMPABLE = 3;
    /** PR_SET_DUMPABLE as the kernel header defines it. */
    public static final int PR_SET_DUMPABLE = 4;
    /** PR_SET_NAME as the kernel header defines it. */
    public static final int PR_SET_NAME = 15;
    /** PR_GET_NAME as the kernel header defines it. */
    public static final int PR_GET_NAME = 16;
    /** PR_GET_SECCOMP as the kernel header defines it. */
    public static final int PR_GET_SECCOMP = 21;
    /** PR_SET_SECCOMP as the kernel header defines it. */
    public static final int PR_SET_SECCOMP = 22;
    /** PR_CAPBSET_READ as the kernel header defines it. */
    public static final int PR_CAPBSET_READ = 23;
    /** PR_CAPBSET_DROP as the kernel header defines it. */
    public static final int PR_CAPBSET_DROP = 24;
    /** PR_SET_CHILD_SUBREAPER as the kernel header defines it. */
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    /** PR_GET_CHILD_SUBREAPER as the kernel header defines it. */
    public static final int PR_GET_CHILD_SUBREAPER = 37;
    /** PR_SET_NO_NEW_PRIVS as the kernel header defines it. */
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    /** PR_GET_NO_NEW_PRIVS as the kernel header defines it. */
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    /** PR_GET_TID_ADDRESS as the kernel header defines it. */
    public static final int PR_GET_TID_ADDRESS = 40;
    /** PR_SET_MM as the kernel header defines it. */
    public static final int PR_SET_MM = 35;
    /** PR_CAP_AMBIENT as the kernel header defines it. */
    public static final int PR_CAP_AMBIENT = 47;
    /** PR_SET_VMA as the kernel header defines it. */
    public static final int PR_SET_VMA = 1398164801;
    /** PR_SET_TIMERSLACK as the kernel header defines it. */
    public static final int PR_SET_TIMERSLACK = 29;
    /** PR_GET_TIMERSLACK as the kernel header defines it. */
    public static final int PR_GET_TIMERSLACK = 30;

}
