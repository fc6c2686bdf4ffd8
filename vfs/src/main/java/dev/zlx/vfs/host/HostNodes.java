package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.OpenFlags;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The calls on host names the JDK lacks: mknodat(2) of a FIFO or a socket node (device nodes
 * are never made on the host: the guest gets EPERM, as root in a user namespace does) and
 * renameat2(2) with RENAME_EXCHANGE, open(2) with O_TMPFILE and linkat(2) of such a file.
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

    /** Makes the node at path with mode (S_IFIFO or S_IFSOCK and permission bits). */
    static void mknod(Path path, int mode) {
        if (MKNODAT == null) {
            throw Errno.EPERM.exception();
        }
        HostLibc.checked((arena, state) -> (int) MKNODAT.invokeExact(state, AT_FDCWD,
                arena.allocateFrom(path.toString()), mode, 0L));
    }
}
