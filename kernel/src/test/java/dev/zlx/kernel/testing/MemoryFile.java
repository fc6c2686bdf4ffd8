package dev.zlx.kernel.testing;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An open file description over a byte array with a file position, that counts how often it
 * was released, so that tests can check reference counting (descriptors, mappings).
 */
public final class MemoryFile extends OpenFile {
    private byte[] content;
    private long position;
    private int releases;

    public MemoryFile(byte[] content) {
        super(Fcntl.O_RDWR);
        this.content = content.clone();
    }

    @Override
    public Inode inode() {
        return null;
    }

    @Override
    public int read(ByteBuffer dst) {
        int n = pread(dst, position);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = pwrite(src, position);
        position += n;
        return n;
    }

    @Override
    public int pread(ByteBuffer dst, long offset) {
        if (offset >= content.length) {
            return 0;
        }
        int n = (int) Math.min(dst.remaining(), content.length - offset);
        dst.put(content, (int) offset, n);
        return n;
    }

    @Override
    public int pwrite(ByteBuffer src, long offset) {
        int n = src.remaining();
        if (offset + n > content.length) {
            content = Arrays.copyOf(content, (int) (offset + n));
        }
        src.get(content, (int) offset, n);
        return n;
    }

    @Override
    public long seek(long offset, int whence) {
        long base = switch (whence) {
            case Fcntl.SEEK_SET -> 0;
            case Fcntl.SEEK_CUR -> position;
            case Fcntl.SEEK_END -> content.length;
            default -> throw Errno.EINVAL.exception();
        };
        if (base + offset < 0) {
            throw Errno.EINVAL.exception();
        }
        position = base + offset;
        return position;
    }

    @Override
    protected void release() {
        releases++;
    }

    /** How many times the last reference went (more than once is a bug). */
    public int releases() {
        return releases;
    }

    /** Whether the description has been released. */
    public boolean released() {
        return releases > 0;
    }
}
