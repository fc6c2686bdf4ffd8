package dev.zlx.abi;

/**
 * Namespace inode numbers as /proc/PID/ns/ links show them ("mnt:[4026531840]"): the initial
 * namespaces' fixed numbers (include/linux/proc_ns.h) and the first number proc_alloc_inum
 * hands out to the others (mount and network namespaces get theirs that way).
 */
public final class Namespaces {
    private Namespaces() {
    }

    public static final long PROC_IPC_INIT_INO = 0xEFFFFFFFL;
    public static final long PROC_UTS_INIT_INO = 0xEFFFFFFEL;
    public static final long PROC_USER_INIT_INO = 0xEFFFFFFDL;
    public static final long PROC_PID_INIT_INO = 0xEFFFFFFCL;
    public static final long PROC_CGROUP_INIT_INO = 0xEFFFFFFBL;
    public static final long PROC_TIME_INIT_INO = 0xEFFFFFFAL;
    /** The first dynamically allocated proc inode number (PROC_DYNAMIC_FIRST). */
    public static final long PROC_DYNAMIC_FIRST = 0xF0000000L;
}
