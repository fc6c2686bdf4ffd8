package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.lock.FileLocks;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's file descriptor table: numbers to open file descriptions, each with its
 * close-on-exec flag. New descriptors take the lowest free number, below RLIMIT_NOFILE.
 * Guarded by its own monitor (threads that share the table call in parallel).
 */
public final class FdTable {
    private OpenFile[] files = new OpenFile[64];
    private boolean[] cloexec = new boolean[64];
    /** Processes using this table: more than one after clone(CLONE_FILES) without CLONE_THREAD. */
    private int users = 1;
    /**
     * The kernel's file locks: this table owns the POSIX record locks of the processes using it
     * (Linux's fl_owner is the files_struct), and closing any descriptor of a file drops them.
     */
    private volatile FileLocks locks;

    /** Makes this table (and its copies) the owner of POSIX locks in locks. */
    public void useLocks(FileLocks fileLocks) {
        this.locks = fileLocks;
    }

    /** The kernel's file locks, or null for a table outside a kernel. */
    public FileLocks locks() {
        return locks;
    }

    /** Closes file as filp_close does: this owner's POSIX locks on the file go first. */
    private void closeFile(OpenFile file) {
        FileLocks l = locks;
        if (l != null && !file.isPathOnly()) {
            l.closed(file, this);
        }
        file.close();
    }

    /** clone(CLONE_FILES) of a process: the child uses this same table; each user releases it once. */
    public synchronized FdTable share() {
        users++;
        return this;
    }

    /** Whether more than one process uses this table (execve then gives the caller its own copy). */
    public synchronized boolean shared() {
        return users > 1;
    }

    /** One user is done with the table (exit, or exec leaving a shared table); the last closes everything. */
    public void release() {
        synchronized (this) {
            if (--users > 0) {
                return;
            }
        }
        closeAll();
    }

    /** A copy for a child (fork without CLONE_FILES): same descriptions, same flags. */
    public synchronized FdTable copy() {
        FdTable c = new FdTable();
        c.locks = locks;
        c.files = java.util.Arrays.copyOf(files, files.length);
        c.cloexec = java.util.Arrays.copyOf(cloexec, cloexec.length);
        for (OpenFile f : c.files) {
            if (f != null) {
                f.retain();
            }
        }
        return c;
    }

    /** The description behind fd; EBADF if none. */
    public synchronized OpenFile get(int fd) {
        if (fd < 0 || fd >= files.length || files[fd] == null) {
            throw Errno.EBADF.exception();
        }
        return files[fd];
    }

    /** Installs file at the lowest free number ≥ minimum, below limit; EMFILE if none. */
    public synchronized int install(OpenFile file, boolean closeOnExec, int minimum, long limit) {
        for (int fd = Math.max(0, minimum); fd < limit; fd++) {
            if (fd >= files.length) {
                grow(fd);
            }
            if (files[fd] == null) {
                files[fd] = file;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        throw (minimum >= limit ? Errno.EINVAL : Errno.EMFILE).exception();
    }

    /** Installs file at exactly fd (dup2), closing what was there. */
    public synchronized void installAt(int fd, OpenFile file, boolean closeOnExec) {
        if (fd >= files.length) {
            grow(fd);
        }
        OpenFile old = files[fd];
        files[fd] = file;
        cloexec[fd] = closeOnExec;
        if (old != null) {
            closeFile(old);
        }
    }

    private void grow(int fd) {
        int size = files.length;
        while (size <= fd) {
            size *= 2;
        }
        files = java.util.Arrays.copyOf(files, size);
        cloexec = java.util.Arrays.copyOf(cloexec, size);
    }

    /** close(2). */
    public void close(int fd) {
        OpenFile old;
        synchronized (this) {
            old = get(fd);
            files[fd] = null;
            cloexec[fd] = false;
        }
        closeFile(old);
    }

    public synchronized boolean closeOnExec(int fd) {
        get(fd);
        return cloexec[fd];
    }

    public synchronized void setCloseOnExec(int fd, boolean value) {
        get(fd);
        cloexec[fd] = value;
    }

    /** Closes the descriptors marked close-on-exec (execve). */
    public void closeOnExec() {
        List<OpenFile> closed = new ArrayList<>();
        synchronized (this) {
            for (int fd = 0; fd < files.length; fd++) {
                if (files[fd] != null && cloexec[fd]) {
                    closed.add(files[fd]);
                    files[fd] = null;
                    cloexec[fd] = false;
                }
            }
        }
        closed.forEach(this::closeFile);
    }

    /** The open descriptor numbers in order (for /proc/PID/fd). */
    public synchronized List<Integer> openDescriptors() {
        List<Integer> fds = new ArrayList<>();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                fds.add(fd);
            }
        }
        return fds;
    }

    /** Closes everything. */
    private void closeAll() {
        List<OpenFile> closed = new ArrayList<>();
        synchronized (this) {
            for (int fd = 0; fd < files.length; fd++) {
                if (files[fd] != null) {
                    closed.add(files[fd]);
                    files[fd] = null;
                }
            }
        }
        closed.forEach(this::closeFile);
    }
}
