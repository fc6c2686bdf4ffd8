package dev.zlx.vfs.host;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The file type (S_IFMT) of host paths of one hostfs as lstat last saw them, so that a path walk
 * does not lstat every component again at each call (FUSE keeps entries for its entry_timeout
 * the same way). Only a hint for the walk: no host call relies on it for confinement (every call
 * is pinned by openat2, or the root is the host's "/"); where hostfs falls back to checking
 * ancestors, it is not used.
 *
 * <p>An entry stands for at most {@link #TTL_NANOS}. Changes of names through this file system
 * drop what they touch before and after the change: create, mknod, mkdir, symlink, unlink and
 * rmdir the one path, rename, link and exchange everything. A change through another hostfs of
 * this JVM (which may show the same host directories under other paths) drops everything. A
 * check that overlapped a change is not kept. A change made outside zlx (the host, another
 * run) is seen within TTL_NANOS: until then a walk may take a directory the host replaced for
 * a directory still (the next host call, pinned, then fails: ENOENT or ENOTDIR), as in FUSE.
 */
final class HostTypeCache {
    /** How long an entry stands against changes made outside this JVM's hostfs: FUSE's default entry timeout. */
    static final long TTL_NANOS = 1_000_000_000L;
    /** Bounded: cleared when full. */
    private static final int MAX = 1 << 16;
    /** Every cache of this JVM, told of each other's changes. */
    private static final List<WeakReference<HostTypeCache>> ALL = new CopyOnWriteArrayList<>();

    private record Entry(int type, long checkedAt) {
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    /** Entries checked at or before it are stale: the last change that dropped everything. */
    private volatile long flushedAt = Long.MIN_VALUE;
    /** The start of the last change through this cache's file system: checks begun before it are not kept. */
    private volatile long changedAt = Long.MIN_VALUE;

    HostTypeCache() {
        this(System::nanoTime);
    }

    /** With a clock of nanoseconds (System.nanoTime(); a test's own). */
    HostTypeCache(LongSupplier clock) {
        this.clock = clock;
        ALL.removeIf(r -> r.get() == null);
        ALL.add(new WeakReference<>(this));
    }

    /** The current time of this cache's clock, to be taken before the lstat whose result is {@link #put}. */
    long now() {
        return clock.getAsLong();
    }

    /** The type path had at a check less than TTL_NANOS old and not undone since, else 0. */
    int get(Path path) {
        Entry e = entries.get(path);
        if (e == null) {
            return 0;
        }
        if (e.checkedAt() <= flushedAt || clock.getAsLong() - e.checkedAt() >= TTL_NANOS) {
            entries.remove(path, e);
            return 0;
        }
        return e.type();
    }

    /** Keeps type for path, as an lstat begun at checkedAt saw it, unless a change began since. */
    void put(Path path, int type, long checkedAt) {
        if (type == 0 || checkedAt <= changedAt || checkedAt <= flushedAt) {
            return;
        }
        if (entries.size() >= MAX) {
            entries.clear();
        }
        Entry e = new Entry(type, checkedAt);
        entries.put(path, e);
        // A change that began meanwhile may have dropped path before the put: undo it then.
        if (checkedAt <= changedAt || checkedAt <= flushedAt) {
            entries.remove(path, e);
        }
    }

    /** A change of the name path begins or ends (create, unlink…): its entry goes. */
    void changing(Path path) {
        changedAt = clock.getAsLong();
        entries.remove(path);
        othersFlush();
    }

    /** A change that may move whole trees begins or ends (rename, exchange, link): everything goes. */
    void changingAll() {
        changedAt = clock.getAsLong();
        flush();
        othersFlush();
    }

    private void flush() {
        flushedAt = clock.getAsLong();
        entries.clear();
    }

    /** The other hostfs of this JVM may reach the same host files by other names: theirs go. */
    private void othersFlush() {
        if (ALL.size() < 2) {
            return;
        }
        for (WeakReference<HostTypeCache> r : ALL) {
            HostTypeCache other = r.get();
            if (other != null && other != this) {
                other.flush();
            }
        }
    }
}
