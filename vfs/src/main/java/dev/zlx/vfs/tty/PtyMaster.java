package dev.zlx.vfs.tty;

import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.IoctlMemory;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Fasync;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;

/** The master end of a pty, as opening /dev/ptmx gives it. Its last close hangs up the slave. */
public final class PtyMaster extends OpenFile {
    private final Tty tty;
    private final Inode ptmx;
    private final DevPts devpts;

    PtyMaster(Tty tty, Inode ptmx, DevPts devpts, int flags) {
        super(flags & (Fcntl.O_ACCMODE | Fcntl.O_NONBLOCK | Fcntl.O_APPEND | Fcntl.O_LARGEFILE));
        this.tty = tty;
        this.ptmx = ptmx;
        this.devpts = devpts;
    }

    /** The terminal of this master. */
    public Tty tty() {
        return tty;
    }

    /**
     * TIOCGPTPEER: a new slave description opened with flags (O_ACCMODE, O_NONBLOCK, O_NOCTTY,
     * O_CLOEXEC for the caller), without a path lookup; EIO while locked.
     */
    public OpenFile openPeer(int flags) {
        return devpts.openSlave(tty, flags);
    }

    private boolean nonBlocking() {
        return (statusFlags() & Fcntl.O_NONBLOCK) != 0;
    }

    @Override
    public Inode inode() {
        return ptmx;
    }

    @Override
    public int read(ByteBuffer dst) {
        requireReadable();
        return tty.masterRead(dst, nonBlocking());
    }

    @Override
    public int write(ByteBuffer src) {
        requireWritable();
        return tty.masterWrite(src, nonBlocking());
    }

    @Override
    public int poll(int events) {
        return tty.masterPoll(events);
    }

    @Override
    public WaitQueue waitQueue() {
        return tty.masterWaitQueue();
    }

    @Override
    public Fasync fasync() {
        return tty.masterFasync();
    }

    @Override
    public long ioctl(int request, long arg, IoctlMemory memory) {
        return TtyIoctls.ioctl(tty, true, readable(), request, arg, memory);
    }

    @Override
    protected void release() {
        tty.masterClosed();
    }
}
