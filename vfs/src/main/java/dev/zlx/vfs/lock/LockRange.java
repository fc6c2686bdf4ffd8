package dev.zlx.vfs.lock;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileLocking;

/**
 * The bytes a struct flock names, as flock64_to_posix_lock computes them: l_start relative to
 * l_whence (SEEK_SET 0, SEEK_CUR the file position, SEEK_END the file size), l_len bytes from
 * there, to the end of any file when l_len is 0, and the l_len bytes before l_start when
 * negative. EINVAL for another whence or a range before offset 0, EOVERFLOW past OFFSET_MAX.
 */
public record LockRange(long start, long end) {
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;

    public static LockRange of(int whence, long start, long len, long position, long size) {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> position;
            case SEEK_END -> size;
            default -> throw Errno.EINVAL.exception();
        };
        if (start > FileLocking.OFFSET_MAX - base) {
            throw Errno.EOVERFLOW.exception();
        }
        long first = base + start;
        if (first < 0) {
            throw Errno.EINVAL.exception();
        }
        if (len > 0) {
            if (len - 1 > FileLocking.OFFSET_MAX - first) {
                throw Errno.EOVERFLOW.exception();
            }
            return new LockRange(first, first + len - 1);
        }
        if (len < 0) {
            long from = first + len;
            if (from < 0) {
                throw Errno.EINVAL.exception();
            }
            return new LockRange(from, first - 1);
        }
        return new LockRange(first, FileLocking.OFFSET_MAX);
    }
}
