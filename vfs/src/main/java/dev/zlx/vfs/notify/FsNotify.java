package dev.zlx.vfs.notify;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.Mount;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notification hub (Linux's fsnotify): the syscalls that change the tree or a file, and
 * open, read, write and the last close of a description, report here; the hub hands each event
 * to the inotify watches on the objects concerned. It sits above the file systems, so every
 * file system zlx mounts reports the same events. A file system that others can change too
 * (hostfs) has a {@link NotifySource} (the host's inotify), which reports every change of the
 * objects it watches, zlx's own included: the hub then stays silent for those objects, and
 * hands on what the source reports.
 *
 * <p>Watches are keyed by the object's identity (its file system, device and inode number), not
 * by Inode object, since a file system may hand out a new Inode object for each lookup. While no watch exists
 * every report returns at once. The watch table is guarded by the hub's lock, a leaf lock:
 * events are queued outside it. Calls to a source are serialised by a lock of their own. Lock
 * order: an instance's monitor, then that source lock, then the source's own table lock or the
 * hub's; a source hands on its events holding only its draining lock, which comes before an
 * instance's monitor and the source lock (so a source's flush is never called holding either).
 */
public final class FsNotify {
    /**
     * An object's identity: its file system and st_dev and st_ino. The file system keeps apart
     * the trees of separate kernels (containers) in one JVM, whose numbers may be equal.
     */
    public record Key(FileSystem fs, long dev, long ino) {
    }

    /** One inotify watch: a watch descriptor of an instance on an object, with its mask. */
    static final class Watch {
        final InotifyFile owner;
        final int wd;
        final Key key;
        final boolean directory;
        /** The events and flags asked for. Guarded by the hub's lock. */
        int mask;

        Watch(InotifyFile owner, int wd, Key key, boolean directory, int mask) {
            this.owner = owner;
            this.wd = wd;
            this.key = key;
            this.directory = directory;
            this.mask = mask;
        }
    }

    /**
     * What an unlink, rmdir or rename needs to know of the object it removes, taken before the
     * removal (afterwards a host file can no longer be asked).
     */
    public record Victim(Key key, boolean directory, boolean lastLink) {
    }

    private static final Object LOCK = new Object();
    private static final Map<Key, List<Watch>> WATCHES = new HashMap<>();
    private static volatile int watchCount;
    /** How many watches are on directories. Guarded by LOCK. */
    private static int directoryWatches;
    private static final AtomicInteger COOKIES = new AtomicInteger();
    /** The objects whose events come from a source, and that source. Guarded by LOCK. */
    private static final Map<Key, NotifySource> SOURCED = new HashMap<>();
    /** Serialises what sources are told, so the last thing told is the table's state. */
    private static final Object SOURCE_LOCK = new Object();

    private FsNotify() {
    }

    /** Whether any watch exists; reporters may skip their work when not. */
    public static boolean active() {
        return watchCount > 0;
    }

    // ---- watch table (InotifyFile) ----

    static Key keyOf(Inode inode) {
        FileStat s = inode.stat();
        return new Key(inode.fileSystem(), s.dev(), s.ino());
    }

    /** Adds w, a watch on inode (just resolved), and tells the object's source, if any. */
    static void add(Watch w, Inode inode) {
        synchronized (LOCK) {
            WATCHES.computeIfAbsent(w.key, k -> new ArrayList<>()).add(w);
            watchCount++;
            directoryWatches += w.directory ? 1 : 0;
        }
        watchAtSource(w.key, inode);
    }

    /** Removes w; returns whether it was there (a watch goes once, however many ask). */
    static boolean remove(Watch w) {
        boolean last;
        synchronized (LOCK) {
            List<Watch> list = WATCHES.get(w.key);
            if (list == null || !list.remove(w)) {
                return false;
            }
            last = list.isEmpty();
            if (last) {
                WATCHES.remove(w.key);
            }
            watchCount--;
            directoryWatches -= w.directory ? 1 : 0;
        }
        if (last) {
            unwatchAtSource(w.key);
        }
        return true;
    }

    private static NotifySource sourceOf(Key key) {
        return key.fs() == null ? null : key.fs().notifySource();
    }

    /**
     * Tells key's source what its watches now ask for: every event any of them wants, and
     * IN_EXCL_UNLINK when all of them do. What the source takes, it reports from then on.
     */
    private static void watchAtSource(Key key, Inode inode) {
        NotifySource source = sourceOf(key);
        if (source == null) {
            return;
        }
        synchronized (SOURCE_LOCK) {
            int mask = 0;
            boolean exclUnlink = true;
            synchronized (LOCK) {
                List<Watch> list = WATCHES.get(key);
                if (list == null) {
                    return;
                }
                for (Watch w : list) {
                    mask |= w.mask & Inotify.IN_ALL_EVENTS;
                    exclUnlink &= (w.mask & Inotify.IN_EXCL_UNLINK) != 0;
                }
            }
            if (source.watch(inode, key, mask | (exclUnlink ? Inotify.IN_EXCL_UNLINK : 0))) {
                synchronized (LOCK) {
                    if (WATCHES.containsKey(key)) {
                        SOURCED.put(key, source);
                    }
                }
            }
        }
    }

    /** The last watch on key went: its source (if it had one) stops watching it. */
    private static void unwatchAtSource(Key key) {
        NotifySource source = sourceOf(key);
        if (source == null) {
            return;
        }
        synchronized (SOURCE_LOCK) {
            synchronized (LOCK) {
                if (WATCHES.containsKey(key)) {
                    // Watched again meanwhile: that watch has told the source.
                    return;
                }
                SOURCED.remove(key);
            }
            source.unwatch(key);
        }
    }

    static int maskOf(Watch w) {
        synchronized (LOCK) {
            return w.mask;
        }
    }

    /** Sets w's mask (w watches inode, just resolved again) and tells the object's source, if any. */
    static void setMask(Watch w, int mask, Inode inode) {
        synchronized (LOCK) {
            w.mask = mask;
        }
        watchAtSource(w.key, inode);
    }

    private static List<Watch> watchesOn(Key key) {
        synchronized (LOCK) {
            List<Watch> list = WATCHES.get(key);
            return list == null ? List.of() : List.copyOf(list);
        }
    }

    // ---- reports ----

    /** A new cookie that ties an IN_MOVED_FROM to its IN_MOVED_TO. */
    public static int newCookie() {
        int c;
        do {
            c = COOKIES.incrementAndGet();
        } while (c == 0);
        return c;
    }

    /** An entry of directory dir changed: name was created, deleted or moved (mask), a directory or not. */
    public static void child(Inode dir, String name, boolean directory, int mask, int cookie) {
        if (!active()) {
            return;
        }
        Key key = quietKey(dir);
        if (key != null) {
            deliver(key, mask | (directory ? Inotify.IN_ISDIR : 0), cookie, name);
        }
    }

    /**
     * Something happened to the object at where (IN_ATTRIB, IN_MODIFY, IN_OPEN, IN_CLOSE_*,
     * IN_ACCESS, IN_MOVE_SELF): its watches hear it, then its parent directory's, with its name.
     */
    public static void changed(Resolved where, int mask) {
        if (!active() || where == null) {
            return;
        }
        FileStat s;
        try {
            s = where.inode().stat();
        } catch (LinuxException e) {
            return;
        }
        int full = mask | ((s.mode() & StatMode.S_IFMT) == StatMode.S_IFDIR ? Inotify.IN_ISDIR : 0);
        // fsnotify_parent: the parent's watches hear it first, with the name.
        int slash = where.path().lastIndexOf('/');
        String name = where.path().substring(slash + 1);
        if (!name.isEmpty() && hasDirectoryWatches()) {
            Inode parent = parentOf(where);
            Key parentKey = parent == null ? null : quietKey(parent);
            if (parentKey != null) {
                deliver(parentKey, full, 0, name);
            }
        }
        deliver(new Key(where.inode().fileSystem(), s.dev(), s.ino()), full, 0, null);
    }

    /** Whether a watch is on a directory (else no parent needs to be found). */
    private static boolean hasDirectoryWatches() {
        synchronized (LOCK) {
            return directoryWatches > 0;
        }
    }

    /** Something happened to inode, known only as an object (IN_ATTRIB on a new link): its own watches. */
    public static void changedInode(Inode inode, int mask) {
        if (!active()) {
            return;
        }
        Key key = quietKey(inode);
        if (key != null) {
            deliver(key, mask | (inode.isDirectory() ? Inotify.IN_ISDIR : 0), 0, null);
        }
    }

    /** A description was opened on a named object (not O_PATH). */
    public static void opened(OpenFile f) {
        f.notifyOnClose();
        changed(f.location(), Inotify.IN_OPEN);
    }

    /** Data was written through f (IN_MODIFY). */
    public static void modified(OpenFile f) {
        changed(f.location(), Inotify.IN_MODIFY);
    }

    /** Data was read through f (IN_ACCESS). */
    public static void accessed(OpenFile f) {
        changed(f.location(), Inotify.IN_ACCESS);
    }

    /** The last reference to f went: IN_CLOSE_WRITE when it was opened for writing, else IN_CLOSE_NOWRITE. */
    public static void closed(OpenFile f) {
        changed(f.location(), f.writable() ? Inotify.IN_CLOSE_WRITE : Inotify.IN_CLOSE_NOWRITE);
    }

    /** What a removal must remember of inode (see {@link Victim}); null when nothing watches anything. */
    public static Victim victim(Inode inode) {
        if (!active()) {
            return null;
        }
        try {
            FileStat s = inode.stat();
            boolean dir = (s.mode() & StatMode.S_IFMT) == StatMode.S_IFDIR;
            return new Victim(new Key(inode.fileSystem(), s.dev(), s.ino()), dir, dir || s.nlink() <= 1);
        } catch (LinuxException e) {
            return null;
        }
    }

    /** The victim named name in dir (see {@link #victim(Inode)}), or null. */
    public static Victim victim(Inode dir, String name) {
        if (!active()) {
            return null;
        }
        try {
            return victim(dir.lookup(name));
        } catch (LinuxException e) {
            return null;
        }
    }

    /**
     * fromName in fromDir became toName in toDir, as fsnotify_move tells it: IN_MOVED_FROM and
     * IN_MOVED_TO with one cookie, IN_ATTRIB for a file it replaced, IN_MOVE_SELF for the object,
     * then the replaced object's end if that was its last link.
     */
    public static void moved(Inode fromDir, String fromName, Inode toDir, String toName, Victim moved, Victim replaced) {
        if (moved == null) {
            return;
        }
        int cookie = newCookie();
        child(fromDir, fromName, moved.directory(), Inotify.IN_MOVED_FROM, cookie);
        child(toDir, toName, moved.directory(), Inotify.IN_MOVED_TO, cookie);
        if (replaced != null && !replaced.directory()) {
            deliver(replaced.key(), Inotify.IN_ATTRIB, 0, null);
        }
        // The *_SELF events carry no IN_ISDIR, as Linux reports them.
        deliver(moved.key(), Inotify.IN_MOVE_SELF, 0, null);
        gone(replaced);
    }

    /**
     * name was unlinked or removed from dir, as vfs_unlink and vfs_rmdir tell it: IN_ATTRIB for
     * the link count of a file, IN_DELETE_SELF and IN_IGNORED when its last link went, then
     * IN_DELETE in the directory.
     */
    public static void removed(Inode dir, String name, Victim v) {
        if (v == null) {
            return;
        }
        if (!v.directory()) {
            deliver(v.key(), Inotify.IN_ATTRIB, 0, null);
        }
        gone(v);
        child(dir, name, v.directory(), Inotify.IN_DELETE, 0);
    }

    /** The object v lost its last link: IN_DELETE_SELF, then each watch on it ends with IN_IGNORED. */
    public static void gone(Victim v) {
        if (v == null || !v.lastLink()) {
            return;
        }
        deliver(v.key(), Inotify.IN_DELETE_SELF, 0, null);
        for (Watch w : zlxWatchesOn(v.key())) {
            w.owner.drop(w);
        }
    }

    /**
     * The events of mask go to every watch on key that asked for them, unless a source reports
     * key's events. What the sources have pending goes first: the events of the change being
     * reported, which the host queued in the call zlx made for it, so they are queued (and
     * signalled) before the guest's call returns, as on Linux; and so in the order things happened.
     */
    private static void deliver(Key key, int mask, int cookie, String name) {
        flushSources();
        List<Watch> watches = zlxWatchesOn(key);
        for (Watch w : watches) {
            w.owner.event(w, mask, cookie, name);
        }
    }

    /** The watches on key whose events a source reports (none when zlx reports them itself). */
    private static List<Watch> sourcedWatchesOn(Key key) {
        synchronized (LOCK) {
            List<Watch> list = WATCHES.get(key);
            return list == null || !SOURCED.containsKey(key) ? List.of() : List.copyOf(list);
        }
    }

    /** The watches on key whose events zlx reports itself (none when a source reports them). */
    private static List<Watch> zlxWatchesOn(Key key) {
        synchronized (LOCK) {
            List<Watch> list = WATCHES.get(key);
            return list == null || SOURCED.containsKey(key) ? List.of() : List.copyOf(list);
        }
    }

    // ---- what sources report (NotifySource) ----

    /** Every source with a watch reports what it has pending (see {@link NotifySource#flush}). */
    static void flushSources() {
        List<NotifySource> sources;
        synchronized (LOCK) {
            if (SOURCED.isEmpty()) {
                return;
            }
            sources = SOURCED.values().stream().distinct().toList();
        }
        sources.forEach(NotifySource::flush);
    }

    /**
     * An event a source saw on key's object: mask as inotify reports it (IN_ISDIR, IN_UNMOUNT
     * included), cookie, and the entry's name for an event in a watched directory. Only watches
     * whose events the source reports hear it (zlx reports to the others itself).
     */
    public static void reported(Key key, int mask, int cookie, String name) {
        for (Watch w : sourcedWatchesOn(key)) {
            w.owner.event(w, mask, cookie, name);
        }
    }

    /** The source no longer watches key's object (it was deleted or unmounted): each watch on it ends with IN_IGNORED. */
    public static void ended(Key key) {
        for (Watch w : watchesOn(key)) {
            w.owner.drop(w);
        }
    }

    /** The source lost events: each instance with a watch through it gets IN_Q_OVERFLOW. */
    public static void overflowed(NotifySource source) {
        Set<InotifyFile> owners = new LinkedHashSet<>();
        synchronized (LOCK) {
            SOURCED.forEach((key, s) -> {
                if (s == source) {
                    WATCHES.getOrDefault(key, List.of()).forEach(w -> owners.add(w.owner));
                }
            });
        }
        owners.forEach(InotifyFile::overflow);
    }

    private static Key quietKey(Inode inode) {
        try {
            return keyOf(inode);
        } catch (LinuxException e) {
            return null;
        }
    }

    /** The directory holding where, found again from its mount's root; null if it cannot be. */
    private static Inode parentOf(Resolved where) {
        Mount m = where.mount();
        if (m == null) {
            return null;
        }
        String mountPoint = m.mountPoint();
        String path = where.path();
        String rel = mountPoint.equals("/") ? path : path.startsWith(mountPoint + "/") ? path.substring(mountPoint.length()) : null;
        if (rel == null) {
            return null;
        }
        String[] parts = rel.split("/");
        Inode node = m.fileSystem().root();
        try {
            for (int i = 1; i < parts.length - 1; i++) {
                if (!parts[i].isEmpty()) {
                    node = node.lookup(parts[i]);
                    if (node == null) {
                        return null;
                    }
                }
            }
        } catch (LinuxException e) {
            return null;
        }
        return node;
    }
}
