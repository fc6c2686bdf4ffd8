package dev.zlx.vfs.notify;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Siginfo;
import dev.zlx.vfs.AnonInodeFile;
import dev.zlx.vfs.Fasync;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.IoctlMemory;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An inotify instance (fs/notify/inotify/inotify_user.c): watch descriptors on objects, and the
 * queue of struct inotify_event records a read takes whole. An event equal to the last one queued
 * is merged into it; past {@link Inotify#MAX_QUEUED_EVENTS} one IN_Q_OVERFLOW stands for the rest.
 * Guarded by its monitor, taken after the hub's lock is released.
 */
public final class InotifyFile extends AnonInodeFile {
    private final WaitQueue waitQueue = new WaitQueue();
    /** The descriptions that asked for SIGIO on new events (group->fsn_fa). */
    private final Fasync fasync = new Fasync();
    private final Map<Integer, FsNotify.Watch> byWd = new TreeMap<>();
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private int lastWd;

    /** inotify_init1(flags) with flags checked: IN_NONBLOCK becomes O_NONBLOCK. */
    public InotifyFile(int flags) {
        super(Fcntl.O_RDONLY | (flags & Inotify.IN_NONBLOCK), "inotify");
    }

    /**
     * inotify_fdinfo: one line per watch, its device as the kernel's dev_t (MKDEV); no file
     * handle, as Linux prints for a file system that cannot encode one.
     */
    @Override
    public String fdinfo() {
        List<FsNotify.Watch> watches;
        synchronized (this) {
            watches = new ArrayList<>(byWd.values());
        }
        StringBuilder sb = new StringBuilder();
        for (FsNotify.Watch w : watches) {
            long sdev = ((long) dev.zlx.abi.FileStat.major(w.key.dev()) << 20) | dev.zlx.abi.FileStat.minor(w.key.dev());
            sb.append(String.format("inotify wd:%x ino:%x sdev:%x mask:%x ignored_mask:0\n", w.wd, w.key.ino(), sdev,
                    FsNotify.maskOf(w)));
        }
        return sb.toString();
    }

    /**
     * inotify_add_watch on inode: a new watch descriptor, or the existing one of this instance
     * on the same object with its mask replaced (or extended with IN_MASK_ADD; EEXIST with
     * IN_MASK_CREATE). The caller has checked the mask, IN_ONLYDIR and the permission.
     */
    public int addWatch(Inode inode, int mask) {
        FsNotify.Key key = FsNotify.keyOf(inode);
        int stored = mask & ~(Inotify.IN_MASK_ADD | Inotify.IN_MASK_CREATE | Inotify.IN_ONLYDIR | Inotify.IN_DONT_FOLLOW);
        synchronized (this) {
            for (FsNotify.Watch w : byWd.values()) {
                if (w.key.equals(key)) {
                    if ((mask & Inotify.IN_MASK_CREATE) != 0) {
                        throw Errno.EEXIST.exception();
                    }
                    int old = FsNotify.maskOf(w);
                    FsNotify.setMask(w, (mask & Inotify.IN_MASK_ADD) != 0 ? old | stored : stored, inode);
                    return w.wd;
                }
            }
            if (byWd.size() >= Inotify.MAX_USER_WATCHES) {
                throw Errno.ENOSPC.exception();
            }
            int wd = nextWd();
            FsNotify.Watch w = new FsNotify.Watch(this, wd, key, inode.isDirectory(), stored);
            byWd.put(wd, w);
            FsNotify.add(w, inode);
            return wd;
        }
    }

    /** Watch descriptors count up from 1 and are not reused soon (idr_alloc_cyclic). */
    private int nextWd() {
        int wd = lastWd;
        do {
            wd = wd == Integer.MAX_VALUE ? 1 : wd + 1;
        } while (byWd.containsKey(wd));
        lastWd = wd;
        return wd;
    }

    /** inotify_rm_watch: the watch ends with IN_IGNORED; EINVAL for an unknown wd. */
    public void removeWatch(int wd) {
        FsNotify.Watch w;
        synchronized (this) {
            w = byWd.get(wd);
        }
        if (w == null) {
            throw Errno.EINVAL.exception();
        }
        drop(w);
    }

    /** Ends watch w (removed, one-shot, or its object gone): IN_IGNORED is queued once. */
    void drop(FsNotify.Watch w) {
        if (!FsNotify.remove(w)) {
            return;
        }
        synchronized (this) {
            byWd.remove(w.wd);
            queue(w.wd, Inotify.IN_IGNORED, 0, null);
        }
        waitQueue.wake(Poll.POLLIN);
        fasync.notify(Siginfo.POLL_IN);
    }

    /**
     * An event on the object w watches: queued when w asked for it (IN_UNMOUNT always is, as
     * inotify_arg_to_mask makes every watch want it); a one-shot watch then ends.
     */
    void event(FsNotify.Watch w, int mask, int cookie, String name) {
        int wanted = FsNotify.maskOf(w);
        if (((wanted | Inotify.IN_UNMOUNT) & mask & (Inotify.IN_ALL_EVENTS | Inotify.IN_UNMOUNT)) == 0) {
            return;
        }
        synchronized (this) {
            if (byWd.get(w.wd) != w) {
                return;
            }
            queue(w.wd, mask & (Inotify.IN_ALL_EVENTS | Inotify.IN_UNMOUNT | Inotify.IN_ISDIR), cookie, name);
        }
        waitQueue.wake(Poll.POLLIN);
        fasync.notify(Siginfo.POLL_IN);
        if ((wanted & Inotify.IN_ONESHOT) != 0) {
            drop(w);
        }
    }

    /** Events were lost before they reached this instance (a source's queue overflowed): IN_Q_OVERFLOW. */
    void overflow() {
        synchronized (this) {
            queueOverflow();
        }
        waitQueue.wake(Poll.POLLIN);
        fasync.notify(Siginfo.POLL_IN);
    }

    /** Adds an event, merged with an equal last one, or IN_Q_OVERFLOW when the queue is full. Caller holds this. */
    private void queue(int wd, int mask, int cookie, String name) {
        byte[] e = Inotify.encodeEvent(wd, mask, cookie, name);
        if (!queue.isEmpty() && Arrays.equals(queue.peekLast(), e)) {
            return;
        }
        if (queue.size() >= Inotify.MAX_QUEUED_EVENTS) {
            queueOverflow();
            return;
        }
        queue.add(e);
        queuedBytes += e.length;
        notifyAll();
    }

    /** One IN_Q_OVERFLOW (wd -1) stands for what is lost, however often. Caller holds this. */
    private void queueOverflow() {
        byte[] overflow = Inotify.encodeEvent(-1, Inotify.IN_Q_OVERFLOW, 0, null);
        if (!Arrays.equals(queue.peekLast(), overflow)) {
            queue.add(overflow);
            queuedBytes += overflow.length;
            notifyAll();
        }
    }

    /**
     * read(2): as many whole events as fit; EINVAL when the first does not; waits for one unless
     * O_NONBLOCK (EAGAIN). The sources first report what they have pending.
     */
    @Override
    public int read(ByteBuffer dst) {
        FsNotify.flushSources();
        synchronized (this) {
            while (queue.isEmpty()) {
                if ((statusFlags() & Fcntl.O_NONBLOCK) != 0) {
                    throw Errno.EAGAIN.exception();
                }
                Interruption.await(this, 0);
            }
            if (queue.peekFirst().length > dst.remaining()) {
                throw Errno.EINVAL.exception();
            }
            int total = 0;
            while (!queue.isEmpty() && queue.peekFirst().length <= dst.remaining()) {
                byte[] e = queue.pollFirst();
                queuedBytes -= e.length;
                dst.put(e);
                total += e.length;
            }
            return total;
        }
    }

    /** FIONREAD: the bytes of every queued event. */
    @Override
    public long ioctl(int request, long arg, IoctlMemory memory) {
        if (request == Ioctls.FIONREAD) {
            FsNotify.flushSources();
            int n;
            synchronized (this) {
                n = queuedBytes;
            }
            memory.write(arg, new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
            return 0;
        }
        throw Errno.ENOTTY.exception();
    }

    @Override
    public int poll(int events) {
        FsNotify.flushSources();
        synchronized (this) {
            return (queue.isEmpty() ? 0 : Poll.POLLIN | Poll.POLLRDNORM) & (events | Poll.POLLERR | Poll.POLLHUP);
        }
    }

    @Override
    public WaitQueue waitQueue() {
        return waitQueue;
    }

    @Override
    public Fasync fasync() {
        return fasync;
    }

    /** The last close ends every watch, without IN_IGNORED to anyone. */
    @Override
    protected void release() {
        List<FsNotify.Watch> all;
        synchronized (this) {
            all = new ArrayList<>(byWd.values());
            byWd.clear();
            queue.clear();
        }
        all.forEach(FsNotify::remove);
    }
}
