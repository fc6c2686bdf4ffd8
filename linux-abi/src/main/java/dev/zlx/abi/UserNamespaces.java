package dev.zlx.abi;

import java.util.Set;

/**
 * Facts of Linux's user namespaces (kernel/user_namespace.c, include/linux/user_namespace.h,
 * man 7 user_namespaces).
 */
public final class UserNamespaces {
    private UserNamespaces() {
    }

    /** UID_GID_MAP_MAX_EXTENTS: the most lines a uid_map or gid_map may have. */
    public static final int MAP_MAX_EXTENTS = 340;
    /** create_user_ns refuses a namespace whose parent's level is above this (ENOSPC). */
    public static final int MAX_PARENT_LEVEL = 32;
    /** map_write takes one write shorter than a page. */
    public static final int MAP_WRITE_MAX = 4096;
    /** proc_setgroups_write takes fewer bytes than this (its kbuf[8]). */
    public static final int SETGROUPS_WRITE_MAX = 8;
    /** The two words /proc/PID/setgroups shows and takes. */
    public static final String SETGROUPS_ALLOW = "allow";
    public static final String SETGROUPS_DENY = "deny";
    /**
     * The file system types with FS_USERNS_MOUNT: a process privileged in a user namespace
     * (but not in the initial one) may mount them; any other type needs CAP_SYS_ADMIN in the
     * initial namespace.
     */
    public static final Set<String> USERNS_MOUNT_TYPES = Set.of("proc", "sysfs", "tmpfs", "ramfs", "devpts",
            "mqueue", "overlay", "fuse", "cgroup", "cgroup2", "binder", "bpf");
}
