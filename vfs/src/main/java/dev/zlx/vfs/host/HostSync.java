package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * syncfs(2) of the host file system holding a directory, for the guest's sync(2) and syncfs(2)
 * on a hostfs mount: only the file systems the guest was given are flushed, not the whole host.
 * On hosts without libc's syncfs (not Linux) there is nothing to call, and nothing is done.
 */
final class HostSync {
    /** The host's O_RDONLY | O_CLOEXEC (the same on x86-64 and aarch64 Linux); a directory opens so. */
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final MethodHandle OPEN = HostLibc.find("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SYNCFS = HostLibc.find("syncfs", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = HostLibc.find("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    private HostSync() {
    }

    /** Flushes the host file system that holds dir; EIO if the host reports a write error. */
    static void syncfs(Path dir) {
        if (OPEN == null || SYNCFS == null || CLOSE == null) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(dir.toString()), O_RDONLY_CLOEXEC);
            if (fd < 0) {
                throw Errno.EIO.exception();
            }
            int rc = (int) SYNCFS.invokeExact(fd);
            int ignored = (int) CLOSE.invokeExact(fd);
            if (rc != 0) {
                throw Errno.EIO.exception();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errno.EIO.exception();
        }
    }
}
