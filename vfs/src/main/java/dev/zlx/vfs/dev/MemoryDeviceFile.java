package dev.zlx.vfs.dev;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The open files of the memory devices of drivers/char/mem.c and random.c: /dev/null (reads
 * end at once, writes vanish), /dev/zero (zeros), /dev/full (zeros; writes fail with ENOSPC),
 * /dev/random and /dev/urandom (random bytes from the host's entropy; writes are accepted).
 */
final class MemoryDeviceFile extends OpenFile {
    enum Kind { NULL, ZERO, FULL, RANDOM }

    private static final SecureRandom ENTROPY = new SecureRandom();

    private final Inode inode;
    private final Kind kind;

    MemoryDeviceFile(Inode inode, Kind kind, int flags) {
        super(flags & (Fcntl.O_ACCMODE | Fcntl.O_APPEND | Fcntl.O_NONBLOCK | Fcntl.O_LARGEFILE));
        this.inode = inode;
        this.kind = kind;
    }

    @Override
    public Inode inode() {
        return inode;
    }

    @Override
    public int read(ByteBuffer dst) {
        return pread(dst, 0);
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        if (!readable()) {
            throw Errno.EBADF.exception();
        }
        int n = dst.remaining();
        switch (kind) {
            case NULL -> {
                return 0;
            }
            case ZERO, FULL -> {
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
            }
            case RANDOM -> {
                byte[] bytes = new byte[n];
                ENTROPY.nextBytes(bytes);
                dst.put(bytes);
            }
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        return pwrite(src, 0);
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        if (!writable()) {
            throw Errno.EBADF.exception();
        }
        if (kind == Kind.FULL) {
            throw Errno.ENOSPC.exception();
        }
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public long seek(long offset, int whence) {
        // Memory devices accept any seek and stay at position 0 (noop_llseek / null_lseek).
        return 0;
    }
}
