package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import java.nio.ByteBuffer;

/**
 * An open description whose read(2) and write(2) are its pread and pwrite at its own file
 * position, which they advance by what they moved. Its monitor guards the position
 * (f_pos_lock).
 */
public abstract class PositionedFile extends OpenFile {
    private long position;

    protected PositionedFile(int statusFlags) {
        super(statusFlags);
    }

    @Override
    public synchronized int read(ByteBuffer dst) {
        int n = pread(dst, position);
        position += n;
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src) {
        int n = pwrite(src, position);
        position += n;
        return n;
    }

    /** The file position; the caller holds this description's monitor (f_pos_lock). */
    protected final long position() {
        return position;
    }

    /** Moves the file position; the caller holds this description's monitor. */
    protected final void setPosition(long position) {
        this.position = position;
    }

    /**
     * lseek(2) with SEEK_SET and SEEK_CUR, and SEEK_END taken as an end at 0 when endAtZero (a
     * file whose size stat shows as 0); EINVAL for another whence or a negative result.
     */
    protected synchronized long seekFromStart(long offset, int whence, boolean endAtZero) {
        long target = switch (whence) {
            case Fcntl.SEEK_SET -> offset;
            case Fcntl.SEEK_CUR -> position + offset;
            case Fcntl.SEEK_END -> {
                if (!endAtZero) {
                    throw Errno.EINVAL.exception();
                }
                yield offset;
            }
            default -> throw Errno.EINVAL.exception();
        };
        if (target < 0) {
            throw Errno.EINVAL.exception();
        }
        position = target;
        return target;
    }
}
