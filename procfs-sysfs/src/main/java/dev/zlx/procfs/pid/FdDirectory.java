package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.abi.StatMode;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.MagicLink;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticNode;
import java.util.List;

/**
 * /proc/PID/fd (one symlink per open descriptor, naming what it refers to) and fdinfo (one
 * file per descriptor): the same names, different entries. fd is 0500; fdinfo is 0555 but
 * guarded by ptrace_may_access (proc_fdinfo_permission): EACCES to list or look into another
 * process's without access.
 */
public final class FdDirectory extends SyntheticDirectory {
    /** Makes the entry for descriptor fd of p. */
    @FunctionalInterface
    public interface Entry {
        SyntheticNode make(SyntheticFileSystem fs, Process p, int fd);
    }

    private final Process p;
    private final SyntheticFileSystem fs;
    private final Entry entry;
    private final boolean guarded;

    private FdDirectory(SyntheticFileSystem fs, Process p, Entry entry, boolean guarded) {
        super(fs, guarded ? 0555 : 0500);
        this.p = p;
        this.fs = fs;
        this.entry = entry;
        this.guarded = guarded;
        ownedBy(guarded ? PidOwner.ofDirectory(p) : PidOwner.of(p));
    }

    /** /proc/PID/fd. */
    public static FdDirectory links(SyntheticFileSystem fs, Process p) {
        return new FdDirectory(fs, p, FdLink::new, false);
    }

    /** /proc/PID/fdinfo. */
    public static FdDirectory infos(SyntheticFileSystem fs, Process p) {
        return new FdDirectory(fs, p, FdInfo::file, true);
    }

    /** proc_fd_permission: a thread of the process may use its own fd/ whoever owns it (not dumpable: root). */
    @Override
    public boolean grantsBeyondMode(int mask) {
        Task caller = Task.current();
        return !guarded && caller != null && caller.process() == p;
    }

    @Override
    public OpenFile open(int flags) {
        if (guarded) {
            GuardedFile.require(p, Errno.EACCES);
        }
        return super.open(flags);
    }

    @Override
    protected List<String> dynamicNames() {
        return p.fds().openDescriptors().stream().map(String::valueOf).toList();
    }

    @Override
    protected Inode dynamicLookup(String name) {
        if (guarded) {
            GuardedFile.require(p, Errno.EACCES);
        }
        if (!name.matches("0|[1-9][0-9]{0,9}")) {
            return null;
        }
        int fd = Integer.parseInt(name);
        if (!p.fds().openDescriptors().contains(fd)) {
            return null;
        }
        return entry.make(fs, p, fd).ownedBy(PidOwner.of(p));
    }

    /** Whether a file (not a directory) lost its last name while open: d_path's " (deleted)". */
    static boolean unlinked(OpenFile f) {
        if (f.nameless()) {
            return true; // O_TMPFILE: its dentry never had a name, even after linkat
        }
        try {
            var st = f.stat();
            return st.nlink() == 0 && (st.mode() & StatMode.S_IFMT) != StatMode.S_IFDIR;
        } catch (RuntimeException gone) {
            return false;
        }
    }

    static String describe(Process p, int fd) {
        OpenFile f;
        try {
            f = p.fds().get(fd);
        } catch (RuntimeException closed) {
            return null;
        }
        if (f.location() != null) {
            String path = p.fs().guestPath(f.location().path());
            return unlinked(f) ? path + " (deleted)" : path;
        }
        var st = f.stat();
        return switch (st.mode() & StatMode.S_IFMT) {
            case StatMode.S_IFIFO -> "pipe:[" + st.ino() + "]";
            case StatMode.S_IFSOCK -> "socket:[" + st.ino() + "]";
            default -> "anon_inode:" + f.anonymousName();
        };
    }
}
