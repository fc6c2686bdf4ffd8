package dev.zlx.abi;

import java.util.List;

/**
 * Resource numbers of getrlimit(2), setrlimit(2) and prlimit64(2), from asm-generic/resource.h, and the
 * getpriority(2)/setpriority(2) selectors and bounds, from linux/resource.h (the same on x86-64 and aarch64).
 */
public final class Resource {
    private Resource() {
    }

    // Resources
    /** RLIMIT_CPU as the kernel header defines it. */
    public static final int RLIMIT_CPU = 0;
    /** RLIMIT_FSIZE as the kernel header defines it. */
    public static final int RLIMIT_FSIZE = 1;
    /** RLIMIT_DATA as the kernel header defines it. */
    public static final int RLIMIT_DATA = 2;
    /** RLIMIT_STACK as the kernel header defines it. */
    public static final int RLIMIT_STACK = 3;
    /** RLIMIT_CORE as the kernel header defines it. */
    public static final int RLIMIT_CORE = 4;
    /** RLIMIT_RSS as the kernel header defines it. */
    public static final int RLIMIT_RSS = 5;
    /** RLIMIT_NPROC as the kernel header defines it. */
    public static final int RLIMIT_NPROC = 6;
    /** RLIMIT_NOFILE as the kernel header defines it. */
    public static final int RLIMIT_NOFILE = 7;
    /** RLIMIT_MEMLOCK as the kernel header defines it. */
    public static final int RLIMIT_MEMLOCK = 8;
    /** RLIMIT_AS as the kernel header defines it. */
    public static final int RLIMIT_AS = 9;
    /** RLIMIT_LOCKS as the kernel header defines it. */
    public static final int RLIMIT_LOCKS = 10;
    /** RLIMIT_SIGPENDING as the kernel header defines it. */
    public static final int RLIMIT_SIGPENDING = 11;
    /** RLIMIT_MSGQUEUE as the kernel header defines it. */
    public static final int RLIMIT_MSGQUEUE = 12;
    /** RLIMIT_NICE as the kernel header defines it. */
    public static final int RLIMIT_NICE = 13;
    /** RLIMIT_RTPRIO as the kernel header defines it. */
    public static final int RLIMIT_RTPRIO = 14;
    /** RLIMIT_RTTIME as the kernel header defines it. */
    public static final int RLIMIT_RTTIME = 15;

    // Limits
    /** The number of resource limits. */
    public static final int RLIM_NLIMITS = 16;
    /** No limit (~0UL). */
    public static final long RLIM_INFINITY = -1L;

    // Priorities
    /** PRIO_MIN as the kernel header defines it: the lowest nice value (highest priority). */
    public static final int PRIO_MIN = -20;
    /** PRIO_MAX as the kernel header defines it: one past the highest nice value (MAX_NICE is 19). */
    public static final int PRIO_MAX = 20;
    /** PRIO_PROCESS as the kernel header defines it: who is a thread id. */
    public static final int PRIO_PROCESS = 0;
    /** PRIO_PGRP as the kernel header defines it: who is a process group id. */
    public static final int PRIO_PGRP = 1;
    /** PRIO_USER as the kernel header defines it: who is a real user id. */
    public static final int PRIO_USER = 2;

    private static final List<String> NAMES = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA",
            "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK",
            "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
            "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    /** The macro name of a resource ("RLIMIT_NOFILE"), or null if the number is not a resource. */
    public static String name(int resource) {
        return resource >= 0 && resource < NAMES.size() ? NAMES.get(resource) : null;
    }

    /** The number of the resource with this macro name, or -1 if none. */
    public static int number(String name) {
        return NAMES.indexOf(name);
    }

}
