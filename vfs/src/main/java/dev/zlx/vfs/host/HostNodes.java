package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.OpenFlags;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Timespec;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The calls on host names the JDK lacks: mknodat(2) of a FIFO or a socket node (device nodes
 * are never made on the host: the guest gets EPERM, as root in a user namespace does) and
 * renameat2(2) with RENAME_EXCHANGE, open(2) with O_TMPFILE and linkat(2) of such a file; and
 * those the JDK makes by opening the file, which the host's inotify would report as an open and
 * a close the guest never made: truncate(2) and utimensat(2).
 */
final class HostNodes {
    private static final int AT_FDCWD = -100;
    private static final MethodHandle MKNODAT = HostLibc.find("mknodat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));

    private static final MethodHandle RENAMEAT2 = HostLibc.find("renameat2", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
    /** renameat2's RENAME_EXCHANGE, the same on every architecture. */
    private static final int RENAME_EXCHANGE = 2;

    private static final MethodHandle OPEN = HostLibc.find("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle LINKAT = HostLibc.find("linkat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    private static final MethodHandle TRUNCATE = HostLibc.find("truncate", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno"));
    private static final MethodHandle UTIMENSAT = HostLibc.find("utimensat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final MethodHandle FCHMODAT = HostLibc.find("fchmodat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle UNLINKAT = HostLibc.find("unlinkat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final int AT_REMOVEDIR = 0x200;
    /** The host's O_PATH | O_NOFOLLOW | O_CLOEXEC (the same on x86-64 and aarch64 Linux). */
    private static final int O_PATH_NOFOLLOW = 0x200000 | 0x20000 | 0x80000;

    private HostNodes() {
    }

    /**
     * open(dir, O_TMPFILE | O_RDWR [| O_EXCL], perm): an unnamed host file in the host directory,
     * as a handle to keep while the guest has it open. EOPNOTSUPP where the host file system (or
     * zlx, on a host architecture it does not know) has none.
     */
    static HostStat.Handle openTmpfile(Path dir, int perm, boolean linkable) {
        if (OPEN == null || HostStat.HOST_ARCH == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        int flags = OpenFlags.of(HostStat.HOST_ARCH).fromCanonical(Fcntl.O_TMPFILE | Fcntl.O_RDWR | Fcntl.O_CLOEXEC
                | (linkable ? 0 : Fcntl.O_EXCL));
        int[] fd = new int[1];
        HostLibc.checked((arena, state) -> {
            fd[0] = (int) OPEN.invokeExact(state, arena.allocateFrom(dir.toString()), flags, perm);
            return fd[0] < 0 ? -1 : 0;
        });
        return new HostStat.Handle(fd[0]);
    }

    /** linkat(2) of the file a /proc/self/fd/N name stands for (an O_TMPFILE file) to path. */
    static void linkOpen(Path procFd, Path path) {
        if (LINKAT == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        HostLibc.checked((arena, state) -> (int) LINKAT.invokeExact(state, AT_FDCWD,
                arena.allocateFrom(procFd.toString()), AT_FDCWD, arena.allocateFrom(path.toString()), AT_SYMLINK_FOLLOW));
    }

    /**
     * Swaps the host entries a and b atomically; what the host refuses (EINVAL where its file
     * system cannot exchange) is what the guest gets, and EINVAL where the C library lacks it.
     */
    static void exchange(Path a, Path b) {
        if (RENAMEAT2 == null) {
            throw Errno.EINVAL.exception();
        }
        HostLibc.checked((arena, state) -> (int) RENAMEAT2.invokeExact(state, AT_FDCWD,
                arena.allocateFrom(a.toString()), AT_FDCWD, arena.allocateFrom(b.toString()), RENAME_EXCHANGE));
    }

    /** Whether {@link #truncate} and {@link #setTimes} can be called (else the JDK's ways are the fallback). */
    static boolean pathCallsAvailable() {
        return TRUNCATE != null && UTIMENSAT != null && OPEN != null && HostStat.available();
    }

    /**
     * truncate(2) of the regular file at path without following a final symlink: the file is
     * held by an O_PATH descriptor (which opens nothing) and truncated by its /proc/self/fd
     * name; EINVAL when it is no regular file.
     */
    static void truncate(Path path, long length) {
        int[] fd = new int[1];
        HostLibc.checked((arena, state) -> {
            fd[0] = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), O_PATH_NOFOLLOW, 0);
            return fd[0] < 0 ? -1 : 0;
        });
        try (HostStat.Handle handle = new HostStat.Handle(fd[0])) {
            if ((HostStat.fstat(handle).mode() & StatMode.S_IFMT) != StatMode.S_IFREG) {
                throw Errno.EINVAL.exception();
            }
            HostLibc.checked((arena, state) -> (int) TRUNCATE.invokeExact(state,
                    arena.allocateFrom("/proc/self/fd/" + handle.fd()), length));
        }
    }

    /**
     * utimensat(2) of path itself (AT_SYMLINK_NOFOLLOW): atime and mtime in nanoseconds since
     * the epoch, null for UTIME_OMIT.
     */
    static void setTimes(Path path, Long atimeNanos, Long mtimeNanos) {
        HostLibc.checked((arena, state) -> {
            MemorySegment times = arena.allocate(32, 8);
            timespec(times, 0, atimeNanos);
            timespec(times, 16, mtimeNanos);
            return (int) UTIMENSAT.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()), times,
                    AT_SYMLINK_NOFOLLOW);
        });
    }

    /** A struct timespec (64-bit time_t and long) at offset: nanos, or UTIME_OMIT for null. */
    private static void timespec(MemorySegment times, long offset, Long nanos) {
        times.set(ValueLayout.JAVA_LONG, offset, nanos == null ? 0 : Math.floorDiv(nanos, 1_000_000_000L));
        times.set(ValueLayout.JAVA_LONG, offset + 8, nanos == null ? Timespec.UTIME_OMIT
                : Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Whether {@link #chmod} can be called (else the JDK's chmod by path is the fallback). */
    static boolean chmodAvailable() {
        return FCHMODAT != null;
    }

    /**
     * fchmodat(2) of what pin names, with AT_SYMLINK_NOFOLLOW unless follow (a /proc/self/fd
     * name): a symlink swapped in for the file is refused (EOPNOTSUPP), never followed.
     */
    static void chmod(HostPin pin, int mode, boolean follow) {
        HostLibc.checked((arena, state) -> (int) FCHMODAT.invokeExact(state, pin.fd(),
                arena.allocateFrom(pin.name().isEmpty() ? "." : pin.name()), mode, follow ? 0 : AT_SYMLINK_NOFOLLOW));
    }

    /** Whether {@link #unlink} can be called (else the JDK's delete by path is the fallback). */
    static boolean unlinkAvailable() {
        return UNLINKAT != null;
    }

    /**
     * unlinkat(2) of what pin names, a directory with dir (AT_REMOVEDIR): one host call that
     * checks the type itself (EISDIR, ENOTDIR, ENOTEMPTY as the host answers).
     */
    static void unlink(HostPin pin, boolean dir) {
        HostLibc.checked((arena, state) -> (int) UNLINKAT.invokeExact(state, pin.fd(), arena.allocateFrom(pin.name()),
                dir ? AT_REMOVEDIR : 0));
    }

    /** Makes the node at path with mode (S_IFIFO or S_IFSOCK and permission bits). */
    static void mknod(Path path, int mode) {
        if (MKNODAT == null) {
            throw Errno.EPERM.exception();
        }
        HostLibc.checked((arena, state) -> (int) MKNODAT.invokeExact(state, AT_FDCWD,
                arena.allocateFrom(path.toString()), mode, 0L));
    }
}
