package dev.zlx.vfs.pipe;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.IoctlMemory;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** One end of a pipe as an open file: the read end or the write end. */
public final class PipeEnd extends OpenFile {
    private static final AtomicLong NEXT_INO = new AtomicLong(0x10000);
    /** The device number Linux's pipefs shows (0:12 on current kernels). */
    private static final long PIPEFS_DEV = 12;

    private final Pipe pipe;
    private final boolean reader;
    private final long ino;
    private final long created = System.currentTimeMillis() / 1000;

    private PipeEnd(Pipe pipe, boolean reader, int flags, long ino) {
        super((reader ? Fcntl.O_RDONLY : Fcntl.O_WRONLY) | (flags & Fcntl.O_NONBLOCK));
        this.pipe = pipe;
        this.reader = reader;
        this.ino = ino;
        pipe.open(reader);
    }

    /** A new pipe: [read end, write end], with O_NONBLOCK from flags on both. */
    public static PipeEnd[] create(int flags) {
        Pipe pipe = new Pipe();
        long ino = NEXT_INO.incrementAndGet();
        return new PipeEnd[] {new PipeEnd(pipe, true, flags, ino), new PipeEnd(pipe, false, flags, ino)};
    }

    @Override
    public Inode inode() {
        return null;
    }

    private boolean nonBlocking() {
        return (statusFlags() & Fcntl.O_NONBLOCK) != 0;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (!reader) {
            throw Errno.EBADF.exception();
        }
        return pipe.read(dst, nonBlocking());
    }

    @Override
    public int write(ByteBuffer src) {
        if (reader) {
            throw Errno.EBADF.exception();
        }
        return pipe.write(src, nonBlocking());
    }

    @Override
    public int poll(int events) {
        return pipe.poll(reader, events);
    }

    @Override
    public WaitQueue waitQueue() {
        return pipe.waitQueue(reader);
    }

    @Override
    public FileStat stat() {
        return new FileStat(PIPEFS_DEV, ino, StatMode.S_IFIFO | 0600, 1, 0, 0, 0, 0, 4096, 0,
                created, 0, created, 0, created, 0);
    }

    @Override
    public long ioctl(int request, long arg, IoctlMemory memory) {
        if (request == Ioctls.FIONREAD) {
            int n = pipe.available();
            memory.write(arg, new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
            return 0;
        }
        throw Errno.ENOTTY.exception();
    }

    @Override
    protected void release() {
        pipe.close(reader);
    }
}
