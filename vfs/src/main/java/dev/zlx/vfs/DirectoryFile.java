package dev.zlx.vfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import java.util.List;

/**
 * An open directory of any file system: getdents64 walks a snapshot of the listing taken at the
 * first read (or after a rewind), with "." and ".." first, as Linux's dcache_readdir shows them.
 * The position is the index of the next entry.
 */
public class DirectoryFile extends OpenFile {
    private final Inode inode;
    private List<DirEntry> snapshot;
    private long position;

    public DirectoryFile(Inode inode, int flags) {
        super(flags & (Fcntl.O_ACCMODE | Fcntl.O_NONBLOCK | Fcntl.O_DIRECTORY | Fcntl.O_LARGEFILE));
        this.inode = inode;
    }

    @Override
    public Inode inode() {
        return inode;
    }

    @Override
    public int read(java.nio.ByteBuffer dst) {
        throw Errno.EISDIR.exception();
    }

    @Override
    public int pread(java.nio.ByteBuffer dst, long offset) {
        throw Errno.EISDIR.exception();
    }

    @Override
    public long seek(long offset, int whence) {
        long target = switch (whence) {
            case Fcntl.SEEK_SET -> offset;
            case Fcntl.SEEK_CUR -> position + offset;
            default -> throw Errno.EINVAL.exception();
        };
        if (target < 0) {
            throw Errno.EINVAL.exception();
        }
        if (target == 0) {
            snapshot = null;
        }
        position = target;
        return target;
    }

    @Override
    public int readDirectory(DirentSink sink) {
        if (snapshot == null) {
            snapshot = listing();
        }
        int count = 0;
        while (position < snapshot.size() + 2) {
            int index = (int) position;
            boolean added;
            if (index == 0) {
                added = sink.add(inode.stat().ino(), 1, StatMode.DT_DIR, ".");
            } else if (index == 1) {
                added = sink.add(parentIno(), 2, StatMode.DT_DIR, "..");
            } else {
                DirEntry e = snapshot.get(index - 2);
                added = sink.add(e.ino(), index + 1, e.type(), e.name());
            }
            if (!added) {
                break;
            }
            position++;
            count++;
        }
        return count;
    }

    /** The entries of the directory now, "." and ".." aside: its inode's list. */
    protected List<DirEntry> listing() {
        return inode.list();
    }

    private long parentIno() {
        try {
            return inode.lookup("..").stat().ino();
        } catch (RuntimeException e) {
            return inode.stat().ino();
        }
    }

    /**
     * fsync of a directory: what the guest changed in it already reached the host file system or
     * zlx's memory when each call returned; the host is not asked to flush the directory.
     */
    @Override
    public void sync(boolean dataOnly) {
    }
}
