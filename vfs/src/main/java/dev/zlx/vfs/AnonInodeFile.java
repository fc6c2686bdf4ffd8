package dev.zlx.vfs;

import dev.zlx.abi.FileStat;

/**
 * An open file on Linux's anon_inodefs (epoll, eventfd, timerfd, signalfd, inotify): no
 * inode in any tree, fstat of the shared {@link AnonInode}, the name /proc/PID/fd shows
 * ("anon_inode:" + name), and lseek doing nothing (noop_llseek says 0).
 */
public abstract class AnonInodeFile extends OpenFile {
    private final String name;

    /** name as /proc/PID/fd shows it after "anon_inode:" ("[eventfd]", "inotify"). */
    protected AnonInodeFile(int statusFlags, String name) {
        super(statusFlags);
        this.name = name;
    }

    @Override
    public final Inode inode() {
        return null;
    }

    @Override
    public final FileStat stat() {
        return AnonInode.stat();
    }

    @Override
    public final String anonymousName() {
        return name;
    }

    /** Linux's noop_llseek: the position stays 0 and lseek says so. */
    @Override
    public final long seek(long offset, int whence) {
        return 0;
    }
}
