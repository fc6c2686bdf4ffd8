package dev.zlx.abi;

/** Limits of the Linux kernel that /proc/sys reports and the syscalls apply. */
public final class KernelLimits {
    private KernelLimits() {
    }

    /** NGROUPS_MAX (linux/limits.h): the most supplementary groups a process may have. */
    public static final int NGROUPS_MAX = 65536;
    /** CAP_LAST_CAP: CAP_CHECKPOINT_RESTORE, the highest capability of Linux 6.1. */
    public static final int CAP_LAST_CAP = 40;
    /** DEFAULT_OVERFLOWUID and DEFAULT_OVERFLOWGID: the id shown for one without a mapping. */
    public static final int OVERFLOW_ID = 65534;
    /** DEFAULT_MAX_MAP_COUNT (linux/mm.h). */
    public static final int MAX_MAP_COUNT = 65530;
    /** NR_FILE: the least fs.file-max. */
    public static final long NR_FILE = 8192;
    /** NR_OPEN's default (sysctl_nr_open): the highest RLIMIT_NOFILE. */
    public static final int NR_OPEN = 1 << 20;
    /** SOMAXCONN: the default net.core.somaxconn. */
    public static final int SOMAXCONN = 4096;
    /** MIN_THREADS and MAX_THREADS (FUTEX_TID_MASK) of kernel/fork.c, bounds of threads-max. */
    public static final long MIN_THREADS = 20;
    public static final long MAX_THREADS = 0x3fffffff;
    /** __NEW_UTS_LEN: the longest host or domain name. */
    public static final int UTS_NAME_MAX = 64;
}
