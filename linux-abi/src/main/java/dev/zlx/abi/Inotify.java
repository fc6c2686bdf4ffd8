package dev.zlx.abi;

import java.nio.charset.StandardCharsets;

/**
 * inotify(7): event bits, watch flags, init flags (linux/inotify.h; the same on x86-64 and
 * aarch64), the default limits of /proc/sys/fs/inotify, and struct inotify_event, whose name is
 * NUL-padded to a multiple of the header's size as fs/notify/inotify/inotify_user.c does.
 */
public final class Inotify {
    public static final int IN_ACCESS = 0x00000001;
    public static final int IN_MODIFY = 0x00000002;
    public static final int IN_ATTRIB = 0x00000004;
    public static final int IN_CLOSE_WRITE = 0x00000008;
    public static final int IN_CLOSE_NOWRITE = 0x00000010;
    public static final int IN_CLOSE = IN_CLOSE_WRITE | IN_CLOSE_NOWRITE;
    public static final int IN_OPEN = 0x00000020;
    public static final int IN_MOVED_FROM = 0x00000040;
    public static final int IN_MOVED_TO = 0x00000080;
    public static final int IN_MOVE = IN_MOVED_FROM | IN_MOVED_TO;
    public static final int IN_CREATE = 0x00000100;
    public static final int IN_DELETE = 0x00000200;
    public static final int IN_DELETE_SELF = 0x00000400;
    public static final int IN_MOVE_SELF = 0x00000800;
    public static final int IN_UNMOUNT = 0x00002000;
    public static final int IN_Q_OVERFLOW = 0x00004000;
    public static final int IN_IGNORED = 0x00008000;
    public static final int IN_ONLYDIR = 0x01000000;
    public static final int IN_DONT_FOLLOW = 0x02000000;
    public static final int IN_EXCL_UNLINK = 0x04000000;
    public static final int IN_MASK_CREATE = 0x10000000;
    public static final int IN_MASK_ADD = 0x20000000;
    public static final int IN_ISDIR = 0x40000000;
    public static final int IN_ONESHOT = 0x80000000;
    /** The events a watch can ask for. */
    public static final int IN_ALL_EVENTS = 0x00000fff;
    /** Every bit inotify_add_watch accepts (ALL_INOTIFY_BITS). */
    public static final int ALL_INOTIFY_BITS = IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED
            | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD | IN_ISDIR | IN_ONESHOT;

    public static final int IN_CLOEXEC = Fcntl.O_CLOEXEC;
    public static final int IN_NONBLOCK = Fcntl.O_NONBLOCK;

    /** /proc/sys/fs/inotify/max_queued_events: past it one IN_Q_OVERFLOW stands for the rest. */
    public static final int MAX_QUEUED_EVENTS = 16384;
    /** /proc/sys/fs/inotify/max_user_instances. */
    public static final int MAX_USER_INSTANCES = 128;
    /** /proc/sys/fs/inotify/max_user_watches (the historical default). */
    public static final int MAX_USER_WATCHES = 8192;

    /** sizeof(struct inotify_event) without the name: wd, mask, cookie, len. */
    public static final int EVENT_SIZE = 16;

    private Inotify() {
    }

    /** The bytes a name takes after the header: 0 without a name, else NUL-terminated and padded to EVENT_SIZE. */
    public static int paddedNameLength(byte[] name) {
        return name.length == 0 ? 0 : (name.length + 1 + EVENT_SIZE - 1) / EVENT_SIZE * EVENT_SIZE;
    }

    /** The whole size of an event with this name. */
    public static int eventSize(String name) {
        return EVENT_SIZE + paddedNameLength(nameBytes(name));
    }

    /** struct inotify_event for wd, mask, cookie and name (null or empty: none). */
    public static byte[] encodeEvent(int wd, int mask, int cookie, String name) {
        byte[] n = nameBytes(name);
        int len = paddedNameLength(n);
        byte[] b = new byte[EVENT_SIZE + len];
        LittleEndian.putU32(b, 0, wd);
        LittleEndian.putU32(b, 4, mask);
        LittleEndian.putU32(b, 8, cookie);
        LittleEndian.putU32(b, 12, len);
        System.arraycopy(n, 0, b, EVENT_SIZE, n.length);
        return b;
    }

    private static byte[] nameBytes(String name) {
        // zlx keeps guest file names as strings decoded from UTF-8 (as getdents64 encodes them).
        return name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
    }
}
