package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.PositionedFile;
import java.nio.ByteBuffer;

/** An open description of a regular tmpfs file: the position and the status flags. */
public final class TmpOpenFile extends PositionedFile {
    private final TmpFile file;

    TmpOpenFile(TmpFile file, int flags) {
        super(flags & ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOCTTY | Fcntl.O_TRUNC | Fcntl.O_CLOEXEC));
        this.file = file;
    }

    @Override
    public Inode inode() {
        return file;
    }

    /** The file this description is open on (memfd's fcntl seals). */
    public TmpFile file() {
        return file;
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        requireReadable();
        if (offset < 0) {
            throw Errno.EINVAL.exception();
        }
        int n = file.data().read(dst, offset);
        file.accessed();
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src) {
        boolean append = (statusFlags() & Fcntl.O_APPEND) != 0;
        long[] end = new long[1];
        int n = writeAt(src, append ? -1 : position(), end);
        if (n > 0 || append) {
            setPosition(end[0]);
        }
        return n;
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        if (offset < 0) {
            throw Errno.EINVAL.exception();
        }
        // Linux's pwrite on an O_APPEND file appends, whatever the offset.
        return writeAt(src, (statusFlags() & Fcntl.O_APPEND) != 0 ? -1 : offset, new long[1]);
    }

    private int writeAt(ByteBuffer src, long offset, long[] end) {
        requireWritable();
        if (!src.hasRemaining()) {
            end[0] = offset < 0 ? file.data().size() : offset;
            return 0;
        }
        int allowed = file.writable(offset, src.remaining());
        int n = file.data().write(src.slice(src.position(), allowed), offset, end);
        src.position(src.position() + n);
        synchronized (file.fs.tree) {
            file.modified();
        }
        return n;
    }

    @Override
    public synchronized long seek(long offset, int whence) {
        long target = switch (whence) {
            case Fcntl.SEEK_SET -> offset;
            case Fcntl.SEEK_CUR -> position() + offset;
            case Fcntl.SEEK_END -> file.data().size() + offset;
            case Fcntl.SEEK_DATA -> file.data().seekDataOrHole(offset, true);
            case Fcntl.SEEK_HOLE -> file.data().seekDataOrHole(offset, false);
            default -> throw Errno.EINVAL.exception();
        };
        if (target < 0) {
            throw Errno.EINVAL.exception();
        }
        setPosition(target);
        return target;
    }

    @Override
    public void truncate(long length) {
        file.truncate(length);
    }

    @Override
    public void allocate(int mode, long offset, long length) {
        file.allocate(mode, offset, length);
    }

    /** tmpfs's fsync has nothing to write back (noop_fsync). */
    @Override
    public void sync(boolean dataOnly) {
    }

    @Override
    protected void release() {
        file.closed();
    }
}
