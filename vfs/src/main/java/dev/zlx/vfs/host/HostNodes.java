package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The calls on host names the JDK lacks: mknodat(2) of a FIFO or a socket node (device nodes
 * are never made on the host: the guest gets EPERM, as root in a user namespace does) and
 * renameat2(2) with RENAME_EXCHANGE.
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

    private HostNodes() {
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
