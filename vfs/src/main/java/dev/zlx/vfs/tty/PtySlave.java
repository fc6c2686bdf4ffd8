package dev.zlx.vfs.tty;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Ioctls;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.IoctlMemory;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Fasync;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * A slave end of a pty: /dev/pts/N, TIOCGPTPEER or /dev/tty. Once the master closed it is hung
 * up (hung_up_tty_fops): reads end, writes fail with EIO, ioctls with EIO (TIOCSPGRP ENOTTY).
 */
public final class PtySlave extends OpenFile {
    private final Tty tty;
    private final Inode node;

    /** Opens a slave of tty through node; noControllingTty for O_NOCTTY or /dev/tty. */
    PtySlave(Tty tty, Inode node, int flags, boolean noControllingTty) {
        super(flags & (Fcntl.O_ACCMODE | Fcntl.O_NONBLOCK | Fcntl.O_APPEND | Fcntl.O_LARGEFILE));
        this.tty = tty;
        this.node = node;
        tty.slaveOpened(noControllingTty);
    }

    /** The terminal of this slave. */
    public Tty tty() {
        return tty;
    }

    private boolean nonBlocking() {
        return (statusFlags() & Fcntl.O_NONBLOCK) != 0;
    }

    @Override
    public Inode inode() {
        return node;
    }

    @Override
    public int read(ByteBuffer dst) {
        requireReadable();
        return tty.slaveRead(dst, nonBlocking());
    }

    @Override
    public int write(ByteBuffer src) {
        requireWritable();
        return tty.slaveWrite(src, nonBlocking());
    }

    @Override
    public int poll(int events) {
        return tty.slavePoll(events);
    }

    @Override
    public WaitQueue waitQueue() {
        return tty.slaveWaitQueue();
    }

    @Override
    public Fasync fasync() {
        return tty.slaveFasync();
    }

    @Override
    public long ioctl(int request, long arg, IoctlMemory memory) {
        if (tty.hungUp()) {
            throw (request == Ioctls.TIOCSPGRP ? Errno.ENOTTY : Errno.EIO).exception();
        }
        return TtyIoctls.ioctl(tty, false, readable(), request, arg, memory);
    }

    @Override
    protected void release() {
        tty.slaveClosed();
    }
}
