package dev.zlx.vfs.lock;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileLocking;
import dev.zlx.abi.LinuxException;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.OpenFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The advisory file locks of one kernel (fs/locks.c): flock(2) locks, owned by an open file
 * description, and fcntl(2) record locks, owned by a process (POSIX) or by a description (OFD),
 * which share one list per file and so conflict with each other. Files are named by
 * {@link OpenFile#lockKey}. Waits end with EINTR when the task is interrupted; a POSIX wait that
 * would close a cycle of processes waiting for each other fails with EDEADLK. One monitor guards
 * everything; every change wakes every waiter, which looks again.
 */
public final class FileLocks {
    /** Linux's MAX_DEADLK_ITERATIONS: the longest chain of waiting owners followed. */
    private static final int MAX_DEADLOCK_ITERATIONS = 10;

    /** The locks of one file. */
    private static final class FileState {
        final List<RecordLock> records = new ArrayList<>();
        final List<FlockLock> flocks = new ArrayList<>();

        boolean empty() {
            return records.isEmpty() && flocks.isEmpty();
        }
    }

    private record FlockLock(OpenFile owner, int type) {
    }

    /** A POSIX request that is waiting (Linux's blocked list): what owner waits for. */
    private record Waiting(Object key, RecordLock request) {
    }

    private final Map<Object, FileState> files = new HashMap<>();
    private final List<Waiting> waiting = new ArrayList<>();
    /** Descriptions whose release drops their flock and OFD locks (hook added once). */
    private final Set<OpenFile> hooked = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * flock(2) on file: type F_RDLCK (LOCK_SH), F_WRLCK (LOCK_EX) or F_UNLCK. A description
     * holds one lock per file; converting it first drops the old one (flock_lock_inode), so a
     * conversion that fails with EWOULDBLOCK leaves the file unlocked, as on Linux.
     */
    public synchronized void flock(OpenFile file, int type, boolean wait) {
        Object key = file.lockKey();
        try {
            FileState state = state(key);
            for (FlockLock held : state.flocks) {
                if (held.owner() == file) {
                    if (held.type() == type) {
                        return;
                    }
                    state.flocks.remove(held);
                    notifyAll();
                    break;
                }
            }
            if (type == Fcntl.F_UNLCK) {
                return;
            }
            while (flockConflict(state(key), file, type)) {
                if (!wait) {
                    throw Errno.EAGAIN.exception();
                }
                Interruption.await(this, 0);
            }
            state(key).flocks.add(new FlockLock(file, type));
            hook(file);
        } finally {
            forgetIfEmpty(key);
        }
    }

    private static boolean flockConflict(FileState state, OpenFile file, int type) {
        for (FlockLock held : state.flocks) {
            if (held.owner() != file && (type == Fcntl.F_WRLCK || held.type() == Fcntl.F_WRLCK)) {
                return true;
            }
        }
        return false;
    }

    /** F_GETLK / F_OFD_GETLK: the first lock that would block request, or null. */
    public synchronized RecordLock test(Object key, RecordLock request) {
        FileState state = files.get(key);
        return state == null ? null : conflict(state, request);
    }

    /**
     * F_SETLK / F_SETLKW and their OFD forms: sets, changes or removes (F_UNLCK) the owner's
     * locks over the request's range, splitting and merging with the owner's other locks
     * (posix_lock_inode). Without wait a conflict is EAGAIN; with wait the call sleeps until the
     * conflict goes, unless the wait would deadlock (EDEADLK, POSIX locks only). file is the
     * description used, whose release drops OFD locks.
     */
    public synchronized void set(Object key, RecordLock request, OpenFile file, boolean wait) {
        try {
            if (request.type() != Fcntl.F_UNLCK) {
                RecordLock blocker;
                while ((blocker = conflict(state(key), request)) != null) {
                    if (!wait) {
                        throw Errno.EAGAIN.exception();
                    }
                    if (!request.ofd() && !blocker.ofd() && deadlocks(request.owner(), blocker.owner())) {
                        throw Errno.EDEADLK.exception();
                    }
                    Waiting w = new Waiting(key, request);
                    waiting.add(w);
                    try {
                        Interruption.await(this, 0);
                    } finally {
                        waiting.remove(w);
                    }
                }
            }
            replace(state(key).records, request);
            if (request.ofd()) {
                hook(file);
            }
            notifyAll();
        } finally {
            forgetIfEmpty(key);
        }
    }

    /**
     * A process closed a descriptor of the file (locks_remove_posix): every POSIX lock owner holds
     * on it goes, whichever descriptor set it.
     */
    public void closed(OpenFile file, Object owner) {
        synchronized (this) {
            if (files.isEmpty()) {
                return; // the common case: no stat of a host file on every close
            }
        }
        Object key;
        try {
            key = file.lockKey();
        } catch (LinuxException e) {
            return; // a host file gone from under its path: nothing can have been locked by this name
        }
        synchronized (this) {
            dropPosix(key, owner);
        }
    }

    private void dropPosix(Object key, Object owner) {
        FileState state = files.get(key);
        if (state != null && state.records.removeIf(l -> l.owner() == owner && !l.ofd())) {
            notifyAll();
            forgetIfEmpty(key);
        }
    }

    /** The last reference to a description went (locks_remove_file): its flock and OFD locks go. */
    private synchronized void released(OpenFile file) {
        hooked.remove(file);
        // By owner over every locked file: the description's key may no longer be computable.
        boolean changed = false;
        for (var it = files.values().iterator(); it.hasNext();) {
            FileState state = it.next();
            changed |= state.records.removeIf(l -> l.owner() == file) | state.flocks.removeIf(l -> l.owner() == file);
            if (state.empty()) {
                it.remove();
            }
        }
        if (changed) {
            notifyAll();
        }
    }

    private void hook(OpenFile file) {
        if (hooked.add(file)) {
            file.addReleaseHook(this::released);
        }
    }

    /**
     * The locks of the file named key, made when missing. A waiter asks again after each wait:
     * an emptied state is forgotten meanwhile, and a new one may take its place.
     */
    private FileState state(Object key) {
        return files.computeIfAbsent(key, k -> new FileState());
    }

    private void forgetIfEmpty(Object key) {
        FileState state = files.get(key);
        if (state != null && state.empty()) {
            files.remove(key);
        }
    }

    /** The first lock of another owner over request's bytes where either is a write lock. */
    private static RecordLock conflict(FileState state, RecordLock request) {
        for (RecordLock held : state.records) {
            if (held.owner() != request.owner() && held.overlaps(request.start(), request.end())
                    && (held.type() == Fcntl.F_WRLCK || request.type() == Fcntl.F_WRLCK)) {
                return held;
            }
        }
        return null;
    }

    /**
     * posix_locks_deadlock: follows what the blocking owner waits for, and what blocks that, up
     * to MAX_DEADLK_ITERATIONS owners; a deadlock when the chain comes back to caller.
     */
    private boolean deadlocks(Object caller, Object blockerOwner) {
        Object owner = blockerOwner;
        for (int i = 0; i <= MAX_DEADLOCK_ITERATIONS; i++) {
            RecordLock next = null;
            for (Waiting w : waiting) {
                if (w.request().owner() == owner && !w.request().ofd()) {
                    FileState s = files.get(w.key());
                    next = s == null ? null : conflict(s, w.request());
                    break;
                }
            }
            if (next == null || next.ofd()) {
                return false;
            }
            if (next.owner() == caller) {
                return true;
            }
            owner = next.owner();
        }
        return false;
    }

    /**
     * Puts request in place of the owner's locks over its range: locks of the same type that
     * overlap or touch it are merged into it, locks of another type keep only their bytes
     * outside it; F_UNLCK only removes.
     */
    static void replace(List<RecordLock> records, RecordLock request) {
        long start = request.start();
        long end = request.end();
        boolean unlock = request.type() == Fcntl.F_UNLCK;
        List<RecordLock> kept = new ArrayList<>(records.size() + 2);
        for (RecordLock l : records) {
            if (l.owner() != request.owner()) {
                kept.add(l);
            } else if (!unlock && l.type() == request.type() && touches(l, start, end)) {
                start = Math.min(start, l.start());
                end = Math.max(end, l.end());
            } else if (!l.overlaps(start, end)) {
                kept.add(l);
            } else {
                if (l.start() < start) {
                    kept.add(l.over(l.start(), start - 1));
                }
                if (l.end() > end) {
                    kept.add(l.over(end + 1, l.end()));
                }
            }
        }
        if (!unlock) {
            kept.add(request.over(start, end));
        }
        records.clear();
        records.addAll(kept);
    }

    /** Whether l overlaps [start, end] or ends right before or starts right after it. */
    private static boolean touches(RecordLock l, long start, long end) {
        boolean before = l.end() != FileLocking.OFFSET_MAX && l.end() + 1 < start;
        boolean after = end != FileLocking.OFFSET_MAX && l.start() > end + 1;
        return !before && !after;
    }

    /** How many F_SETLKW requests wait now. */
    synchronized int waiters() {
        return waiting.size();
    }

    /** The record locks of a file, in list order (for tests and /proc/locks). */
    public synchronized List<RecordLock> records(Object key) {
        FileState state = files.get(key);
        return state == null ? List.of() : List.copyOf(state.records);
    }
}
