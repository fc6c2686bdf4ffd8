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
 * mknodat(2) of a FIFO or a socket node in a host directory (the JDK makes neither). Device
 * nodes are never made on the host: the guest gets EPERM, as root in a user namespace does.
 */
final class HostMknod {
    private static final int AT_FDCWD = -100;
    private static final MethodHandle MKNODAT = HostLibc.find("mknodat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));

    private HostMknod() {
    }

    /** Makes the node at path with mode (S_IFIFO or S_IFSOCK and permission bits). */
    static void mknod(Path path, int mode) {
        if (MKNODAT == null) {
            throw Errno.EPERM.exception();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(HostLibc.CALL_STATE);
            int rc = (int) MKNODAT.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()), mode, 0L);
            if (rc != 0) {
                throw HostLibc.errno(state).exception();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errno.EIO.exception();
        }
    }
}
