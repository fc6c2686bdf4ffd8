package dev.zlx.syscalls.handlers;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;

/** A descriptor opened with O_PATH: it names an object but allows no I/O on it (EBADF). */
final class PathOnlyFile extends OpenFile {
    private final Inode inode;

    PathOnlyFile(Inode inode, int flags) {
        super(flags);
        this.inode = inode;
    }

    @Override
    public boolean isPathOnly() {
        return true;
    }

    @Override
    public Inode inode() {
        return inode;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw Errno.EBADF.exception();
    }

    @Override
    public int write(ByteBuffer src) {
        throw Errno.EBADF.exception();
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        throw Errno.EBADF.exception();
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        throw Errno.EBADF.exception();
    }

    @Override
    public long seek(long offset, int whence) {
        throw Errno.EBADF.exception();
    }
}
