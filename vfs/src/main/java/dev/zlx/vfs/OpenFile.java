package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Poll;
import java.nio.ByteBuffer;

/**
 * An open file description: what open(2) creates and dup(2) shares. It owns the file position
 * and the status flags. The defaults answer as Linux does for a file type that lacks the
 * operation; subclasses override what their type supports.
 *
 * <p>Buffers passed to read and write are views of guest memory or temporary copies; an
 * implementation reads or writes only their remaining bytes and advances their position.
 */
public abstract class OpenFile {
    private int statusFlags;
    /** References from descriptors and mappings; the description is released at zero. */
    private final java.util.concurrent.atomic.AtomicInteger references = new java.util.concurrent.atomic.AtomicInteger(1);
    /** Told at the last close (epoll entries on this description). Guarded by references. */
    private java.util.List<ReleaseHook> releaseHooks;

    protected OpenFile(int statusFlags) {
        this.statusFlags = statusFlags;
    }

    /** Where in the tree this description was opened, or null for anonymous objects. */
    private Resolved location;
    /** Opened by open(2) (not O_PATH): its last close is told to the notification hub. */
    private volatile boolean notifiesClose;

    /** Where this description was opened (for *at calls on directory fds and /proc/PID/fd). */
    public Resolved location() {
        return location;
    }

    /** Marks a description opened by open(2) (not O_PATH), whose last close is an inotify event. */
    public void notifyOnClose() {
        this.notifiesClose = true;
    }

    /** Records where this description was opened; done once by the opener. */
    public OpenFile at(Resolved where) {
        this.location = where;
        return this;
    }

    /** Opened on no name (O_TMPFILE): its path stays " (deleted)" even once linkat names the file. */
    private boolean nameless;

    /** Records the made-up location of a description opened on no name (O_TMPFILE). */
    public OpenFile atNameless(Resolved where) {
        this.nameless = true;
        return at(where);
    }

    /** Whether the description was opened on no name (its location is made up). */
    public boolean nameless() {
        return nameless;
    }

    /** The object this description was opened on, or null for anonymous objects (pipes). */
    public abstract Inode inode();

    /**
     * What file locks attach to (Linux's inode): by default the inode's {@link Inode#lockKey},
     * and the description itself for anonymous objects.
     */
    public Object lockKey() {
        Inode inode = inode();
        return inode == null ? this : inode.lockKey();
    }

    /** Whether this is an O_PATH descriptor, which names a file but does no I/O nor locking. */
    public boolean isPathOnly() {
        return false;
    }

    /**
     * fallocate(2) on this description, its mode checked by the caller as vfs_fallocate does;
     * EOPNOTSUPP for file systems without the operation.
     */
    public void allocate(int mode, long offset, long length) {
        throw Errno.EOPNOTSUPP.exception();
    }

    /** F_SETOWN, F_SETOWN_EX and F_SETSIG's state. */
    private volatile FileOwner owner = FileOwner.NONE;

    /** Who gets this description's SIGIO, and which signal (F_GETOWN, F_GETSIG). */
    public FileOwner owner() {
        return owner;
    }

    public void setOwner(FileOwner owner) {
        this.owner = owner;
    }

    /**
     * The list this description joins when O_ASYNC is set on it, or null when its file has no
     * signal-driven I/O (a file without f_op->fasync: the flag is kept and nothing is sent).
     */
    public Fasync fasync() {
        return null;
    }

    /** The status flags (O_ACCMODE, O_APPEND, O_NONBLOCK…) as F_GETFL reports them. */
    public int statusFlags() {
        return statusFlags;
    }

    /** Sets the flags F_SETFL may change; the caller has masked the rest. */
    public void setStatusFlags(int flags) {
        this.statusFlags = flags;
    }

    /** Whether the access mode allows reading. */
    public boolean readable() {
        return (statusFlags & 3) != 1;
    }

    /** Whether the access mode allows writing. */
    public boolean writable() {
        return (statusFlags & 3) != 0;
    }

    /** EBADF unless the access mode allows reading. */
    protected final void requireReadable() {
        if (!readable()) {
            throw Errno.EBADF.exception();
        }
    }

    /** EBADF unless the access mode allows writing. */
    protected final void requireWritable() {
        if (!writable()) {
            throw Errno.EBADF.exception();
        }
    }

    /** read(2) at the file position; returns the byte count, 0 at end of file. */
    public int read(ByteBuffer dst) {
        throw Errno.EINVAL.exception();
    }

    /** write(2) at the file position (or at the end with O_APPEND); returns the byte count. */
    public int write(ByteBuffer src) {
        throw Errno.EINVAL.exception();
    }

    /** pread64(2): read at offset without moving the position; ESPIPE if not seekable. */
    public int pread(ByteBuffer dst, long offset) {
        throw Errno.ESPIPE.exception();
    }

    /** pwrite64(2): write at offset without moving the position; ESPIPE if not seekable. */
    public int pwrite(ByteBuffer src, long offset) {
        throw Errno.ESPIPE.exception();
    }

    /** lseek(2) with SEEK_SET, SEEK_CUR or SEEK_END; returns the new position. */
    public long seek(long offset, int whence) {
        throw Errno.ESPIPE.exception();
    }

    /** fstat(2). */
    public FileStat stat() {
        Inode inode = inode();
        if (inode == null) {
            throw Errno.EBADF.exception();
        }
        return inode.stat();
    }

    /**
     * getdents64(2): the directory entries from the current position that fit in a buffer of
     * the given size, encoded by the sink; ENOTDIR for non-directories.
     */
    public int readDirectory(DirentSink sink) {
        throw Errno.ENOTDIR.exception();
    }

    /** ioctl(2) on this file; ENOTTY for requests the type does not know. */
    public long ioctl(int request, long arg, IoctlMemory memory) {
        throw Errno.ENOTTY.exception();
    }

    /**
     * The poll(2) events of this file that are ready now, among those asked (POLLERR and
     * POLLHUP are always reported). Regular files and most devices are always ready.
     */
    public int poll(int events) {
        int ready = (readable() ? Poll.POLLIN | Poll.POLLRDNORM : 0) | (writable() ? Poll.POLLOUT | Poll.POLLWRNORM : 0);
        return ready & (events | Poll.POLLERR | Poll.POLLHUP);
    }

    /** Whether readiness of this file is only known by asking the host (no change notices). */
    public boolean pollsHost() {
        return false;
    }

    /**
     * The queue this file wakes when its readiness may change, or null when it has none (it
     * is always ready, or {@link #pollsHost} asks the host).
     */
    public WaitQueue waitQueue() {
        return null;
    }

    /**
     * Whether the file type has a poll operation (Linux's file_can_poll): epoll refuses the
     * others (regular files, directories) with EPERM.
     */
    public boolean canPoll() {
        return waitQueue() != null || pollsHost();
    }

    /**
     * The lines /proc/PID/fdinfo/N adds for this kind of file after pos, flags, mnt_id and ino
     * (a file operation's show_fdinfo), each ending in a newline; none by default.
     */
    public String fdinfo() {
        return "";
    }

    /**
     * What /proc/PID/fd shows after "anon_inode:" for a description without a path: the name
     * Linux gives anon_inode_getfd, "[eventfd]" for most, "inotify" without brackets.
     */
    public String anonymousName() {
        return "[" + getClass().getSimpleName() + "]";
    }

    /** Runs hook when the last reference goes, before the description is released (eventpoll_release). */
    public void addReleaseHook(ReleaseHook hook) {
        synchronized (references) {
            if (releaseHooks == null) {
                releaseHooks = new java.util.ArrayList<>();
            }
            releaseHooks.add(hook);
        }
    }

    /** Forgets a hook added with {@link #addReleaseHook}. */
    public void removeReleaseHook(ReleaseHook hook) {
        synchronized (references) {
            if (releaseHooks != null) {
                releaseHooks.remove(hook);
            }
        }
    }

    /** Told when an open file description's last reference goes. */
    @FunctionalInterface
    public interface ReleaseHook {
        void released(OpenFile file);
    }

    /** ftruncate(2). */
    public void truncate(long length) {
        throw Errno.EINVAL.exception();
    }

    /**
     * fsync(2) / fdatasync(2): make written data durable. EINVAL by default, as Linux answers
     * for files without an fsync operation (pipes, character devices, /proc files).
     */
    public void sync(boolean dataOnly) {
        throw Errno.EINVAL.exception();
    }

    /** Adds a reference (a dup'ed descriptor, a mapping); returns this. */
    public OpenFile retain() {
        references.incrementAndGet();
        return this;
    }

    /** Drops a reference; the last one runs the release hooks and releases the description. */
    public final void close() {
        if (references.decrementAndGet() == 0) {
            java.util.List<ReleaseHook> hooks;
            synchronized (references) {
                hooks = releaseHooks == null ? java.util.List.of() : java.util.List.copyOf(releaseHooks);
                releaseHooks = null;
            }
            for (ReleaseHook h : hooks) {
                h.released(this);
            }
            if (notifiesClose) {
                dev.zlx.vfs.notify.FsNotify.closed(this);
            }
            release();
        }
    }

    /** Frees what the description holds; called once, when the last reference goes. */
    protected void release() {
    }
}
