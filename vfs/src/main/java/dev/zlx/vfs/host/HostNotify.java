package dev.zlx.vfs.host;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Poll;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.notify.FsNotify;
import dev.zlx.vfs.notify.NotifySource;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The host kernel's inotify as the source of hostfs events: what a host process changes in a
 * mounted host directory is seen as on Linux, and so is what zlx changes there, since zlx makes
 * its changes through the host. One host instance serves the JVM (host instances are few: 128
 * per user by default), made at the first watch; a daemon thread waits on it and hands each host
 * event to {@link FsNotify}, as do the guest's reads and polls of an instance (see {@link #flush}).
 *
 * <p>A host watch goes on the host path of the inode the guest's walk resolved, never following a
 * last symlink, so it names nothing outside the mounted tree; the names its events carry are
 * entries of a watched directory, which the guest can list anyway. One host watch stands for
 * every guest object key of its host file (a file seen through several hostfs mounts). Its mask
 * only grows (IN_MASK_ADD): the guest's watches still filter by their own masks.
 */
final class HostNotify implements NotifySource {
    private static final MethodHandle INIT1 = HostLibc.find("inotify_init1",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle ADD_WATCH = HostLibc.find("inotify_add_watch",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RM_WATCH = HostLibc.find("inotify_rm_watch",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle READ = HostLibc.find("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    /** Room for many events at once; a read takes whole events only. */
    private static final int BUFFER_SIZE = 64 * 1024;

    /** The source of every hostfs, or null where the host has no inotify (not Linux). */
    static final HostNotify INSTANCE = INIT1 != null && ADD_WATCH != null && RM_WATCH != null && READ != null
            && HostPoll.available() ? new HostNotify() : null;

    /**
     * Guards the tables and the host instance; held across inotify_add_watch, so an event of a
     * new host watch is never read before its keys are known. Taken after FsNotify's source lock.
     */
    private final Object lock = new Object();
    private final Map<Integer, Set<FsNotify.Key>> keysOf = new HashMap<>();
    private final Map<FsNotify.Key, Integer> wdOf = new HashMap<>();
    /** The host instance, non-blocking; -1 until the first watch, or after it could not be made. Guarded by lock. */
    private volatile int fd = -1;
    /** Serialises the readers of the host instance, so events are handed on in the host's order. */
    private final ReentrantLock draining = new ReentrantLock();
    /** Guarded by draining. */
    private final MemorySegment buffer = Arena.global().allocate(BUFFER_SIZE, 8);

    private HostNotify() {
    }

    /**
     * An attribute change zlx keeps in memory, which the host never sees (the owner or a
     * trusted.* attribute of a symlink, or any where the host file system has no user
     * attributes): IN_ATTRIB is reported here, as Linux reports it, to the object's watches
     * and its directory's that this source serves, after what the host has pending.
     */
    static void attributeUnseen(HostInode inode, FileStat host) {
        if (INSTANCE == null || !FsNotify.active()) {
            return;
        }
        INSTANCE.flush();
        int mask = Inotify.IN_ATTRIB | ((host.mode() & StatMode.S_IFMT) == StatMode.S_IFDIR ? Inotify.IN_ISDIR : 0);
        FileSystem fs = inode.fileSystem();
        Path path = inode.path();
        if (inode.unnamed() == null && !path.equals(((HostFileSystem) fs).hostRoot()) && HostStat.available()) {
            try {
                FileStat dir = inode.parentStat();
                FsNotify.reported(new FsNotify.Key(fs, dir.dev(), dir.ino()), mask, 0, path.getFileName().toString());
            } catch (LinuxException gone) {
                // The directory went meanwhile: nobody watches it any more.
            }
        }
        FsNotify.reported(new FsNotify.Key(fs, host.dev(), host.ino()), mask, 0, null);
    }

    @Override
    public boolean watch(Inode inode, FsNotify.Key key, int mask) {
        if (!(inode instanceof HostInode host) || host.unnamed() != null) {
            return false;
        }
        HostPin path;
        try {
            path = host.pin(false);
        } catch (LinuxException e) {
            return false;
        }
        try (path) {
            return watch(path, key, mask);
        }
    }

    /** A host watch on what path pins, for key. */
    private boolean watch(HostPin path, FsNotify.Key key, int mask) {
        int hostMask = (mask & (Inotify.IN_ALL_EVENTS | Inotify.IN_EXCL_UNLINK)) | Inotify.IN_MASK_ADD
                | Inotify.IN_DONT_FOLLOW;
        synchronized (lock) {
            int instance = instance();
            if (instance < 0) {
                return false;
            }
            int wd;
            try (Arena arena = Arena.ofConfined()) {
                wd = (int) ADD_WATCH.invokeExact(instance, arena.allocateFrom(path.toString()), hostMask);
            } catch (Throwable t) {
                return false;
            }
            if (wd < 0) {
                return false;
            }
            Integer old = wdOf.put(key, wd);
            if (old != null && old != wd) {
                forget(key, old);
            }
            keysOf.computeIfAbsent(wd, w -> new HashSet<>()).add(key);
            return true;
        }
    }

    @Override
    public void unwatch(FsNotify.Key key) {
        synchronized (lock) {
            Integer wd = wdOf.remove(key);
            if (wd != null) {
                forget(key, wd);
            }
        }
    }

    /** key no longer uses host watch wd, which goes when no key is left on it. Caller holds lock. */
    private void forget(FsNotify.Key key, int wd) {
        Set<FsNotify.Key> keys = keysOf.get(wd);
        if (keys == null) {
            return;
        }
        keys.remove(key);
        if (keys.isEmpty()) {
            keysOf.remove(wd);
            try {
                // The host's IN_IGNORED for it comes to a wd no longer known, and is dropped.
                int ignored = (int) RM_WATCH.invokeExact(fd, wd);
            } catch (Throwable t) {
                // Nothing to undo: the host watch is gone or goes with the instance.
            }
        }
    }

    /** The host instance, made (with its reader thread) at the first call; -1 if it cannot be. Caller holds lock. */
    private int instance() {
        if (fd >= 0) {
            return fd;
        }
        int made;
        try {
            made = (int) INIT1.invokeExact(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
        } catch (Throwable t) {
            return -1;
        }
        if (made < 0) {
            return -1;
        }
        fd = made;
        Thread.ofPlatform().daemon().name("zlx-host-inotify").start(this::readEvents);
        return fd;
    }

    /** The reader thread: waits for host events and hands them on, for as long as the JVM runs. */
    private void readEvents() {
        int instance = fd;
        for (;;) {
            if (HostPoll.poll(instance, Poll.POLLIN, -1) != 0) {
                flush();
            }
        }
    }

    @Override
    public void flush() {
        int instance = fd;
        if (instance < 0) {
            return;
        }
        draining.lock();
        try {
            for (;;) {
                long n;
                try {
                    n = (long) READ.invokeExact(instance, buffer, (long) BUFFER_SIZE);
                } catch (Throwable t) {
                    return;
                }
                if (n <= 0) {
                    // EAGAIN: nothing more is pending.
                    return;
                }
                for (long at = 0; at + Inotify.EVENT_SIZE <= n;) {
                    int len = buffer.get(ValueLayout.JAVA_INT, at + 12);
                    handOn(buffer.get(ValueLayout.JAVA_INT, at), buffer.get(ValueLayout.JAVA_INT, at + 4),
                            buffer.get(ValueLayout.JAVA_INT, at + 8), name(at + Inotify.EVENT_SIZE, len));
                    at += Inotify.EVENT_SIZE + len;
                }
            }
        } finally {
            draining.unlock();
        }
    }

    /** The NUL-padded name of len bytes at offset in the buffer, or null when len is 0. */
    private String name(long offset, int len) {
        if (len == 0) {
            return null;
        }
        byte[] bytes = buffer.asSlice(offset, len).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** One host event to the guest watches of its keys; the host's IN_IGNORED ends them. */
    private void handOn(int wd, int mask, int cookie, String name) {
        if ((mask & Inotify.IN_Q_OVERFLOW) != 0) {
            FsNotify.overflowed(this);
            return;
        }
        List<FsNotify.Key> keys;
        synchronized (lock) {
            Set<FsNotify.Key> known = (mask & Inotify.IN_IGNORED) != 0 ? keysOf.remove(wd) : keysOf.get(wd);
            if (known == null) {
                return;
            }
            keys = List.copyOf(known);
            if ((mask & Inotify.IN_IGNORED) != 0) {
                keys.forEach(wdOf::remove);
            }
        }
        for (FsNotify.Key key : keys) {
            if ((mask & Inotify.IN_IGNORED) != 0) {
                FsNotify.ended(key);
            } else {
                FsNotify.reported(key, mask, cookie, name);
            }
        }
    }
}
