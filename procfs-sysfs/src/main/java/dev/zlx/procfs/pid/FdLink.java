package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.abi.StatMode;
import dev.zlx.kernel.Process;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.MagicLink;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticNode;
import java.util.List;

/**
 * /proc/PID/fd/N: its text names the file; for objects without a path (pipes, the
 * terminal) opening it reaches the open file itself. Deviation: Linux opens a new
 * description of the same object; zlx shares the existing one.
 */
final class FdLink extends SyntheticNode implements MagicLink {
    private final Process p;
    private final int fd;
    private final int mode;

    FdLink(SyntheticFileSystem fs, Process p, int fd) {
        this(fs, p, fd, modeOf(p, fd));
    }

    private FdLink(SyntheticFileSystem fs, Process p, int fd, int mode) {
        super(fs, StatMode.S_IFLNK | mode);
        this.mode = mode;
        this.p = p;
        this.fd = fd;
    }

    /** proc_fd_instantiate: r-x for a readable description, -wx for a writable one. */
    private static int modeOf(Process p, int fd) {
        try {
            OpenFile f = p.fds().get(fd);
            return (f.readable() ? 0500 : 0) | (f.writable() ? 0300 : 0);
        } catch (RuntimeException closed) {
            return 0;
        }
    }

    private OpenFile file() {
        return p.fds().get(fd);
    }

    /** Objects without a path, and unlinked files (a memfd), are reached through the description. */
    @Override
    public boolean isDirect() {
        try {
            return file().location() == null || FdDirectory.unlinked(file());
        } catch (RuntimeException closed) {
            return false;
        }
    }

    /** Not followed, the entry is a symlink whatever it reaches (lstat shows l-wx------ and its text). */
    @Override
    public Inode unfollowed() {
        FdLink link = this;
        return new SyntheticNode((SyntheticFileSystem) fileSystem(), StatMode.S_IFLNK | mode) {
            @Override
            public String readlink() {
                return link.readlink();
            }

            @Override
            public OpenFile open(int flags) {
                throw Errno.ELOOP.exception();
            }
        }.ownedBy(PidOwner.of(p));
    }

    @Override
    public String readlink() {
        GuardedFile.require(p, Errno.EACCES); // proc_fd_access_allowed
        String text = FdDirectory.describe(p, fd);
        if (text == null) {
            throw Errno.ENOENT.exception();
        }
        return text;
    }

    @Override
    public OpenFile open(int flags) {
        GuardedFile.require(p, Errno.EACCES);
        return file().retain();
    }

    @Override
    public OpenFile description() {
        try {
            return file();
        } catch (RuntimeException closed) {
            return null;
        }
    }

    @Override
    public dev.zlx.abi.FileStat stat() {
        // Followed, the link is the object it reaches; the walk only stops here when direct.
        return isDirect() ? file().stat() : super.stat();
    }
}
