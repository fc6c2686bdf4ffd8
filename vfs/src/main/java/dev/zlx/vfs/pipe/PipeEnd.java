package dev.zlx.vfs.pipe;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Fasync;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.IoctlMemory;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of a pipe as an open file: the read end or the write end, or both for a FIFO opened
 * O_RDWR. A FIFO's ends show the FIFO's inode.
 */
public final class PipeEnd extends OpenFile {
    private static final AtomicLong NEXT_INO = new AtomicLong(0x10000);
    /** The device number Linux's pipefs shows (0:12 on current kernels). */
    private static final long PIPEFS_DEV = 12;

    private final Pipe pipe;
    private final boolean reader;
    private final boolean writer;
    private final long ino;
    /** The FIFO this end was opened on, or null for pipe(2)'s ends. */
    private final Inode fifo;
    private final long created = System.currentTimeMillis() / 1000;

    private PipeEnd(Pipe pipe, boolean reader, boolean writer, int flags, long ino, Inode fifo) {
        super((reader && writer ? Fcntl.O_RDWR : reader ? Fcntl.O_RDONLY : Fcntl.O_WRONLY)
                | (flags & (Fcntl.O_NONBLOCK | (fifo != null ? Fcntl.O_APPEND : 0))));
        this.pipe = pipe;
        this.reader = reader;
        this.writer = writer;
        this.ino = ino;
        this.fifo = fifo;
    }

    /** A new pipe: [read end, write end], with O_NONBLOCK from flags on both. */
    public static PipeEnd[] create(int flags) {
        Pipe pipe = new Pipe();
        long ino = NEXT_INO.incrementAndGet();
        pipe.open(true);
        pipe.open(false);
        return new PipeEnd[] {new PipeEnd(pipe, true, false, flags, ino, null),
            new PipeEnd(pipe, false, true, flags, ino, null)};
    }

    /**
     * Opens the FIFO whose buffer is pipe (fifo_open): O_RDONLY waits for a writer and O_WRONLY
     * for a reader unless O_NONBLOCK (then a writer without readers gets ENXIO); O_RDWR never
     * waits. The wait ends with EINTR when a signal comes.
     */
    public static PipeEnd openFifo(Pipe pipe, Inode fifo, int flags) {
        int mode = flags & Fcntl.O_ACCMODE;
        boolean reads = mode != Fcntl.O_WRONLY;
        boolean writes = mode != Fcntl.O_RDONLY;
        pipe.openFifo(reads, writes, (flags & Fcntl.O_NONBLOCK) != 0);
        return new PipeEnd(pipe, reads, writes, flags, 0, fifo);
    }

    @Override
    public Inode inode() {
        return fifo;
    }

    /** The buffer behind this end (splice, tee, vmsplice, F_GETPIPE_SZ and F_SETPIPE_SZ). */
    public Pipe pipe() {
        return pipe;
    }

    /** A pipe's locks attach to its buffer (both ends are one inode), a FIFO's to the FIFO. */
    @Override
    public Object lockKey() {
        return fifo != null ? fifo.lockKey() : pipe;
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
        if (!writer) {
            throw Errno.EBADF.exception();
        }
        return pipe.write(src, nonBlocking());
    }

    @Override
    public int poll(int events) {
        return (reader ? pipe.poll(true, events) : 0) | (writer ? pipe.poll(false, events) : 0);
    }

    @Override
    public WaitQueue waitQueue() {
        return pipe.waitQueue(reader);
    }

    /** pipe_fasync: the list of the end this description reads, else of the end it writes. */
    @Override
    public Fasync fasync() {
        return pipe.fasync(reader);
    }

    @Override
    public FileStat stat() {
        if (fifo != null) {
            return fifo.stat();
        }
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
        if (reader) {
            pipe.close(true);
        }
        if (writer) {
            pipe.close(false);
        }
    }
}
