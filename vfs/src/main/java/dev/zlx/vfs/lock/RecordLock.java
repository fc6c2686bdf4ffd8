package dev.zlx.vfs.lock;

import dev.zlx.abi.FileLocking;

/**
 * One record lock of fcntl(2) (Linux's struct file_lock on an inode's POSIX list): bytes start
 * to end inclusive (end is {@link FileLocking#OFFSET_MAX} for "to the end of any file"), of type
 * F_RDLCK or F_WRLCK (F_UNLCK only in a request), held by owner. A POSIX lock's owner is the
 * descriptor table of the process that set it and pid that process; an open file description
 * lock's owner is the description and its pid is -1, as F_GETLK reports it.
 */
public record RecordLock(Object owner, int pid, boolean ofd, int type, long start, long end) {
    /** The same lock over other bytes. */
    RecordLock over(long newStart, long newEnd) {
        return new RecordLock(owner, pid, ofd, type, newStart, newEnd);
    }

    boolean overlaps(long otherStart, long otherEnd) {
        return start <= otherEnd && otherStart <= end;
    }

    /** l_len as F_GETLK reports it: 0 for a lock to the end of any file. */
    public long length() {
        return end == FileLocking.OFFSET_MAX ? 0 : end - start + 1;
    }
}
