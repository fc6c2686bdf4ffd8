package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.DIRFD;
import static dev.zlx.syscalls.trace.ArgKind.FCNTL_CMD;
import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.MODE;
import static dev.zlx.syscalls.trace.ArgKind.OPEN_FLAGS;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;
import static dev.zlx.syscalls.trace.ArgKind.UINT;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.MountFlags;
import dev.zlx.abi.OpenFlags;
import dev.zlx.abi.OpenHow;
import dev.zlx.abi.Resource;
import dev.zlx.abi.StatMode;
import dev.zlx.kernel.FdTable;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.MagicLink;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.ParentResolved;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.notify.FsNotify;
import dev.zlx.vfs.pipe.Pipe;
import dev.zlx.vfs.pipe.PipeEnd;

/** open(2) and its relatives, close(2), the dup family and fcntl(2). */
public final class OpenSyscalls {
    /**
     * The flags F_SETFL sets as given (Linux's SETFL_MASK); O_ASYNC is the file's to set, when it
     * has signal-driven I/O.
     */
    private static final int SETFL_MASK = Fcntl.O_APPEND | Fcntl.O_NONBLOCK | Fcntl.O_DIRECT
            | Fcntl.O_NOATIME;
    private static final int CLOSE_RANGE_CLOEXEC = 4;
    private static final int CLOSE_RANGE_UNSHARE = 2;

    private final CompatReport report;

    public OpenSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("open", "O_TMPFILE on tmpfs and on hostfs where the host file system has it (else EOPNOTSUPP)",
                (t, a) -> openat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)), a.i32(1), a.i32(2)), PATH, OPEN_FLAGS, MODE);
        r.partial("openat", "O_TMPFILE on tmpfs and on hostfs where the host file system has it (else EOPNOTSUPP)",
                (t, a) -> openat(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.i32(2), a.i32(3)), DIRFD, PATH, OPEN_FLAGS, MODE);
        r.partial("openat2", "RESOLVE_CACHED resolves as without it (zlx has no slower uncached walk); "
                + "O_TMPFILE on tmpfs and on hostfs where the host file system has it (else EOPNOTSUPP)",
                (t, a) -> openat2(t, a.fd(0), PathAt.path(t, a.ptr(1)), a.ptr(2), a.size(3)), DIRFD, PATH, PTR, SIZE);
        r.full("creat", (t, a) -> openat(t, Fcntl.AT_FDCWD, PathAt.path(t, a.ptr(0)),
                guestFlags(t, Fcntl.O_CREAT | Fcntl.O_WRONLY | Fcntl.O_TRUNC), a.i32(1)), PATH, MODE);
        r.full("close", (t, a) -> close(t, a.fd(0)), FD);
        r.partial("close_range", "CLOSE_RANGE_UNSHARE is accepted but the table is already private",
                (t, a) -> closeRange(t, a.u32(0), a.u32(1), a.i32(2)), UINT, UINT, HEX);
        r.full("dup", (t, a) -> dup(t, a.fd(0)), FD);
        r.full("dup2", (t, a) -> dup2(t, a.fd(0), a.fd(1)), FD, FD);
        r.full("dup3", (t, a) -> dup3(t, a.fd(0), a.fd(1), a.i32(2)), FD, FD, OPEN_FLAGS);
        r.partial("fcntl", "leases and F_NOTIFY return EINVAL; O_ASYNC signals for pipes, FIFOs, terminals and inotify",
                (t, a) -> fcntl(t, a.fd(0), a.i32(1), a.i64(2)), FD, FCNTL_CMD, HEX);
    }

    private static int guestFlags(Task t, int canonical) {
        return OpenFlags.of(t.process().arch()).fromCanonical(canonical);
    }

    long openat(Task t, int dirfd, String path, int guestFlags, int mode) {
        int flags = OpenFlags.of(t.process().arch()).toCanonical(guestFlags);
        OpenFile file = open(t, dirfd, path, flags, mode);
        return install(t, file, (flags & Fcntl.O_CLOEXEC) != 0);
    }

    /** The open flags openat2 accepts (VALID_OPEN_FLAGS); any other bit is EINVAL there. */
    private static final long VALID_OPEN_FLAGS = Fcntl.O_ACCMODE | Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOCTTY
            | Fcntl.O_TRUNC | Fcntl.O_APPEND | Fcntl.O_NONBLOCK | Fcntl.O_SYNC | Fcntl.O_DSYNC | Fcntl.FASYNC
            | Fcntl.O_DIRECT | Fcntl.O_LARGEFILE | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_NOATIME
            | Fcntl.O_CLOEXEC | Fcntl.O_PATH | Fcntl.O_TMPFILE;
    /** The only flags O_PATH goes with in openat2 (O_PATH_FLAGS). */
    private static final int O_PATH_FLAGS = Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_PATH | Fcntl.O_CLOEXEC;

    /**
     * openat2(2): openat with a struct open_how whose every field is checked (unknown flags,
     * a mode without O_CREAT or O_TMPFILE, unknown RESOLVE_* bits are EINVAL; bytes of a larger
     * struct past the known ones must be zero, else E2BIG) and RESOLVE_* restricting the walk.
     */
    long openat2(Task t, int dirfd, String path, long howAddr, long size) {
        if (size < OpenHow.SIZE_VER0) {
            throw Errno.EINVAL.exception();
        }
        if (size > OpenHow.SIZE_MAX) {
            throw Errno.E2BIG.exception();
        }
        byte[] raw = UserMemory.read(t.process().mm().space(), howAddr, (int) size);
        for (int i = OpenHow.SIZE_VER0; i < raw.length; i++) {
            if (raw[i] != 0) {
                throw Errno.E2BIG.exception();
            }
        }
        OpenHow how = OpenHow.decode(raw);
        if ((how.flags() >>> 32) != 0) {
            throw Errno.EINVAL.exception();
        }
        int flags = OpenFlags.of(t.process().arch()).toCanonical((int) how.flags());
        if ((flags & ~VALID_OPEN_FLAGS) != 0) {
            throw Errno.EINVAL.exception();
        }
        boolean creates = (flags & Fcntl.O_CREAT) != 0 || (flags & Fcntl.O_TMPFILE) == Fcntl.O_TMPFILE;
        if (creates ? (how.mode() & ~07777L) != 0 : how.mode() != 0) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & Fcntl.O_PATH) != 0 && (flags & ~O_PATH_FLAGS) != 0) {
            throw Errno.EINVAL.exception();
        }
        long resolve = how.resolve();
        if ((resolve & ~OpenHow.RESOLVE_ALL) != 0
                || (resolve & (OpenHow.RESOLVE_BENEATH | OpenHow.RESOLVE_IN_ROOT))
                        == (OpenHow.RESOLVE_BENEATH | OpenHow.RESOLVE_IN_ROOT)) {
            throw Errno.EINVAL.exception();
        }
        if ((resolve & OpenHow.RESOLVE_CACHED) != 0 && (creates || (flags & Fcntl.O_TRUNC) != 0)) {
            throw Errno.EAGAIN.exception();
        }
        OpenFile file = open(t, dirfd, path, flags, (int) how.mode(), (int) resolve);
        return install(t, file, (flags & Fcntl.O_CLOEXEC) != 0);
    }

    static int install(Task t, OpenFile file, boolean cloexec) {
        try {
            var p = t.process();
            // ENFILE is checked first here; Linux finds a free descriptor (EMFILE) before it.
            p.kernel().openFiles().admit(file, p.kernel().tunables().fileMax(), Privilege.global(p));
            return p.fds().install(file, cloexec, 0, p.rlimits().soft(Resource.RLIMIT_NOFILE));
        } catch (LinuxException e) {
            file.close();
            throw e;
        }
    }

    /** Opens path as open(2) with canonical flags; the caller installs the descriptor. */
    OpenFile open(Task t, int dirfd, String path, int flags, int mode) {
        return open(t, dirfd, path, flags, mode, 0);
    }

    /** {@link #open(Task, int, String, int, int)} under openat2's RESOLVE_* flags. */
    private OpenFile open(Task t, int dirfd, String path, int flags, int mode, int resolve) {
        if ((flags & Fcntl.O_TMPFILE) == Fcntl.O_TMPFILE && (flags & Fcntl.O_PATH) == 0) {
            return openTmpfile(t, dirfd, path, flags, mode, resolve);
        }
        boolean write = (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY;
        if ((flags & Fcntl.O_ACCMODE) == 3 && (flags & Fcntl.O_PATH) == 0) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & Fcntl.O_CREAT) != 0 && (flags & Fcntl.O_PATH) == 0) {
            return openCreating(t, dirfd, path, flags, mode, resolve);
        }
        Resolved where = PathAt.resolve(t, dirfd, path, (flags & Fcntl.O_NOFOLLOW) == 0, resolve);
        if ((flags & Fcntl.O_PATH) != 0) {
            if ((flags & Fcntl.O_DIRECTORY) != 0 && !where.inode().isDirectory()) {
                throw Errno.ENOTDIR.exception();
            }
            return new PathOnlyFile(where.inode(), flags).at(where);
        }
        return openExisting(t, where, flags, write);
    }

    /**
     * open(O_TMPFILE): an unnamed regular file in the directory's file system (EOPNOTSUPP where
     * it has none), writable only; linkat names it later unless O_EXCL was given.
     */
    private OpenFile openTmpfile(Task t, int dirfd, String path, int flags, int mode, int resolve) {
        int access = flags & Fcntl.O_ACCMODE;
        if ((flags & Fcntl.O_CREAT) != 0 || access == Fcntl.O_RDONLY || access == Fcntl.O_ACCMODE) {
            throw Errno.EINVAL.exception();
        }
        Resolved dir = PathAt.resolve(t, dirfd, path, true, resolve);
        if (!dir.inode().isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        if (!Permissions.may(t.process().credentials(), dir.inode().stat(), Permissions.MAY_WRITE | Permissions.MAY_EXEC)) {
            throw Errno.EACCES.exception();
        }
        PathAt.requireWritableMount(dir);
        int perm = mode & 07777 & ~t.process().fs().umask();
        OpenFile file = dir.inode().createTmpfile(perm, flags & ~(Fcntl.O_TMPFILE | Fcntl.O_EXCL), PathAt.creator(t, dir),
                (flags & Fcntl.O_EXCL) == 0);
        // /proc/PID/fd shows it as "DIR/#INO (deleted)", as Linux names such files.
        String name = (dir.path().equals("/") ? "" : dir.path()) + "/#" + file.inode().stat().ino();
        return file.atNameless(new Resolved(name, file.inode(), dir.mount()));
    }

    private OpenFile openCreating(Task t, int dirfd, String path, int flags, int mode, int resolve) {
        ParentResolved parent = PathAt.parent(t, dirfd, path, resolve);
        String name = parent.name();
        if (name.equals(".") || name.equals("..") || parent.trailingSlash()) {
            throw Errno.EISDIR.exception();
        }
        Resolved existing = null;
        try {
            existing = PathAt.resolve(t, dirfd, path, false, resolve);
        } catch (LinuxException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        if (existing != null) {
            if ((flags & Fcntl.O_EXCL) != 0) {
                throw Errno.EEXIST.exception();
            }
            if (existing.inode().isSymlink()) {
                if ((flags & Fcntl.O_NOFOLLOW) != 0) {
                    throw Errno.ELOOP.exception();
                }
                try {
                    existing = PathAt.resolve(t, dirfd, path, true, resolve);
                } catch (LinuxException e) {
                    // A dangling symlink: Linux creates its target. Only the simple case of a
                    // target in the same tree is supported, by resolving the target's parent.
                    if (e.errno() != Errno.ENOENT) {
                        throw e;
                    }
                    String target = existing.inode().readlink();
                    return openCreating(t, target.startsWith("/") ? Fcntl.AT_FDCWD : dirfd,
                            target.startsWith("/") ? target : parentPath(path) + target, flags | Fcntl.O_NOFOLLOW, mode,
                            resolve);
                }
            }
            return openExisting(t, existing, flags, (flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY);
        }
        Resolved dir = parent.directory();
        if (!Permissions.may(t.process().credentials(), dir.inode().stat(), Permissions.MAY_WRITE | Permissions.MAY_EXEC)) {
            throw Errno.EACCES.exception();
        }
        PathAt.requireWritableMount(dir);
        int perm = mode & 07777 & ~t.process().fs().umask();
        OpenFile file = dir.inode().create(name, perm, flags, PathAt.creator(t, dir));
        // A stacked file system (overlay) opens the file of its layer: the name is its own object.
        Inode made = file.inode().fileSystem() == dir.inode().fileSystem() ? file.inode() : dir.inode().lookup(name);
        Resolved created = new Resolved(parent.childPath(), made, dir.mount());
        file.at(created);
        FsNotify.child(dir.inode(), name, false, Inotify.IN_CREATE, 0);
        FsNotify.opened(file);
        return file;
    }

    private static String parentPath(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static OpenFile openExisting(Task t, Resolved where, int flags, boolean write) {
        Inode inode = where.inode();
        if (inode.isSymlink() && !(inode instanceof MagicLink magic && magic.isDirect())) {
            throw Errno.ELOOP.exception();
        }
        if ((flags & Fcntl.O_DIRECTORY) != 0 && !inode.isDirectory()) {
            throw Errno.ENOTDIR.exception();
        }
        if (write && inode.isDirectory()) {
            throw Errno.EISDIR.exception();
        }
        int mask = ((flags & Fcntl.O_ACCMODE) != Fcntl.O_WRONLY ? Permissions.MAY_READ : 0)
                | (write || (flags & Fcntl.O_TRUNC) != 0 ? Permissions.MAY_WRITE : 0);
        if (!Permissions.may(t.process().credentials(), inode, mask)) {
            throw Errno.EACCES.exception();
        }
        int type = inode.stat().mode() & StatMode.S_IFMT;
        if ((type == StatMode.S_IFCHR || type == StatMode.S_IFBLK) && where.mount().has(MountFlags.MS_NODEV)) {
            throw Errno.EACCES.exception();
        }
        boolean regular = type == StatMode.S_IFREG;
        if ((write || (flags & Fcntl.O_TRUNC) != 0) && regular) {
            // Devices and FIFOs stay writable on a read-only mount, as on Linux.
            PathAt.requireWritableMount(where);
        }
        OpenFile file = inode.open(flags).at(where);
        FsNotify.opened(file);
        if ((flags & Fcntl.O_TRUNC) != 0 && regular) {
            // handle_truncate comes after the open is told.
            FsNotify.modified(file);
        }
        return file;
    }

    static long close(Task t, int fd) {
        t.process().fds().close(fd);
        return 0;
    }

    static long closeRange(Task t, long first, long last, int flags) {
        if ((flags & ~(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE)) != 0 || first > last) {
            throw Errno.EINVAL.exception();
        }
        FdTable fds = t.process().fds();
        for (int fd : fds.openDescriptors()) {
            if (fd >= first && fd <= last) {
                if ((flags & CLOSE_RANGE_CLOEXEC) != 0) {
                    fds.setCloseOnExec(fd, true);
                } else {
                    fds.close(fd);
                }
            }
        }
        return 0;
    }

    static long dup(Task t, int fd) {
        OpenFile f = t.process().fds().get(fd);
        return install(t, f.retain(), false);
    }

    static long dup2(Task t, int oldfd, int newfd) {
        OpenFile f = t.process().fds().get(oldfd);
        if (oldfd == newfd) {
            return newfd;
        }
        return dupTo(t, f, newfd, false);
    }

    static long dup3(Task t, int oldfd, int newfd, int flags) {
        int canonical = OpenFlags.of(t.process().arch()).toCanonical(flags);
        if ((canonical & ~Fcntl.O_CLOEXEC) != 0 || oldfd == newfd) {
            throw Errno.EINVAL.exception();
        }
        OpenFile f = t.process().fds().get(oldfd);
        return dupTo(t, f, newfd, (canonical & Fcntl.O_CLOEXEC) != 0);
    }

    private static long dupTo(Task t, OpenFile f, int newfd, boolean cloexec) {
        if (newfd < 0 || newfd >= t.process().rlimits().soft(Resource.RLIMIT_NOFILE)) {
            throw Errno.EBADF.exception();
        }
        t.process().fds().installAt(newfd, f.retain(), cloexec);
        return newfd;
    }

    long fcntl(Task t, int fd, int cmd, long arg) {
        if (LockSyscalls.isLockCommand(cmd)) {
            return LockSyscalls.fcntl(t, fd, cmd, arg);
        }
        FdTable fds = t.process().fds();
        OpenFile f = fds.get(fd);
        if (AsyncIoSyscalls.isOwnerCommand(cmd)) {
            return AsyncIoSyscalls.fcntl(t, f, cmd, arg);
        }
        OpenFlags arch = OpenFlags.of(t.process().arch());
        switch (cmd) {
            case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
                long limit = t.process().rlimits().soft(Resource.RLIMIT_NOFILE);
                if (arg < 0 || arg >= limit) {
                    throw Errno.EINVAL.exception();
                }
                try {
                    return fds.install(f.retain(), cmd == Fcntl.F_DUPFD_CLOEXEC, (int) arg, limit);
                } catch (LinuxException e) {
                    f.close();
                    throw e;
                }
            }
            case Fcntl.F_GETFD -> {
                return fds.closeOnExec(fd) ? Fcntl.FD_CLOEXEC : 0;
            }
            case Fcntl.F_SETFD -> {
                fds.setCloseOnExec(fd, (arg & Fcntl.FD_CLOEXEC) != 0);
                return 0;
            }
            case Fcntl.F_GETFL -> {
                return arch.fromCanonical(f.statusFlags());
            }
            case Fcntl.F_SETFL -> {
                int wanted = arch.toCanonical((int) arg);
                if (((wanted ^ f.statusFlags()) & Fcntl.FASYNC) != 0) {
                    AsyncIoSyscalls.setAsync(t, fd, f, (wanted & Fcntl.FASYNC) != 0);
                }
                f.setStatusFlags((f.statusFlags() & ~SETFL_MASK) | (wanted & SETFL_MASK));
                return 0;
            }
            case Fcntl.F_ADD_SEALS -> {
                return MemfdSyscalls.addSeals(f, arg);
            }
            case Fcntl.F_GET_SEALS -> {
                return MemfdSyscalls.getSeals(f);
            }
            case Fcntl.F_GETPIPE_SZ -> {
                return pipeOf(f).capacity();
            }
            case Fcntl.F_SETPIPE_SZ -> {
                return setPipeSize(t, pipeOf(f), arg);
            }
            default -> {
                report.missingFeature("fcntl", commandName(cmd));
                throw Errno.EINVAL.exception();
            }
        }
    }

    /** The buffer of a pipe or FIFO descriptor; EBADF for anything else (pipe_fcntl). */
    private static Pipe pipeOf(OpenFile f) {
        if (f instanceof PipeEnd end) {
            return end.pipe();
        }
        throw Errno.EBADF.exception();
    }

    /**
     * F_SETPIPE_SZ: the size rounds up to a power of two pages (at least one); EINVAL past 2 GiB,
     * EPERM when growing past the kernel's pipe-max-size without privilege (CAP_SYS_RESOURCE
     * in the initial user namespace), EBUSY when more is buffered than would fit. Returns the new capacity.
     */
    private static long setPipeSize(Task t, Pipe pipe, long arg) {
        long size = Pipe.roundSize(arg & 0xffffffffL);
        if (size == 0 || size > (1L << 31) - 1) {
            throw Errno.EINVAL.exception();
        }
        if (size > pipe.capacity() && size > t.process().kernel().tunables().pipeMaxSize()
                && !Privilege.global(t.process())) {
            throw Errno.EPERM.exception();
        }
        return pipe.resize((int) size);
    }

    private static String commandName(int cmd) {
        return switch (cmd) {
            case Fcntl.F_GETPIPE_SZ -> "F_GETPIPE_SZ";
            case Fcntl.F_SETPIPE_SZ -> "F_SETPIPE_SZ";
            default -> "command " + cmd;
        };
    }
}
