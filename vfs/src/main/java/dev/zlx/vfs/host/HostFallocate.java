package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * fallocate(2) on a host file, by the host's own call, so that what the host file system
 * supports (punching holes, zeroing ranges) and refuses (EOPNOTSUPP) is what the guest gets. The
 * JDK's channels have no such call, so the file is reopened for writing through its O_PATH
 * handle (/proc/self/fd), which names it even after an unlink or rename.
 */
final class HostFallocate {
    /** The host's O_WRONLY | O_CLOEXEC. */
    private static final int O_WRONLY_CLOEXEC = 0x1 | 0x80000;
    private static final MethodHandle OPEN = HostLibc.find("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FALLOCATE = HostLibc.find("fallocate", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = HostLibc.find("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    private HostFallocate() {
    }

    /** fallocate(2) of the file handle names; EOPNOTSUPP where the host has no such call. */
    static void fallocate(HostStat.Handle handle, int mode, long offset, long length) {
        if (handle == null || OPEN == null || FALLOCATE == null || CLOSE == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        HostLibc.checked((arena, state) -> {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom("/proc/self/fd/" + handle.fd()), O_WRONLY_CLOEXEC);
            if (fd < 0) {
                throw Errno.EIO.exception();
            }
            int rc = (int) FALLOCATE.invokeExact(state, fd, mode, offset, length);
            int ignored = (int) CLOSE.invokeExact(fd);
            return rc;
        });
    }
}
