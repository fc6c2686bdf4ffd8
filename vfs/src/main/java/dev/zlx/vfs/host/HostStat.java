package dev.zlx.vfs.host;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * lstat(2) of a host path through the host C library, for the attributes the JDK does not
 * expose (st_blocks, st_blksize, nanosecond times in one call), and fstat(2) of a {@link
 * Handle}, which names an open file even after it is unlinked or renamed. Available on Linux
 * hosts whose architecture zlx knows; elsewhere {@link #available()} is false and hostfs falls
 * back to the JDK's attributes.
 */
final class HostStat {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    /** The host's O_PATH | O_CLOEXEC (the same on x86-64 and aarch64 Linux). */
    private static final int O_PATH_CLOEXEC = 0x200000 | 0x80000;

    /** The host architecture, or null where zlx does not know it. */
    static final Arch HOST_ARCH = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> Arch.X86_64;
        case "aarch64" -> Arch.AARCH64;
        default -> null;
    };
    /** The host's O_NOFOLLOW, whose number x86-64 and aarch64 Linux differ in. */
    private static final int O_NOFOLLOW = HOST_ARCH == null ? 0
            : dev.zlx.abi.OpenFlags.of(HOST_ARCH).fromCanonical(dev.zlx.abi.Fcntl.O_NOFOLLOW);
    private static final MethodHandle FSTATAT = HOST_ARCH == null ? null : HostLibc.find("fstatat",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final MethodHandle OPEN = HostLibc.find("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = HostLibc.find("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    private HostStat() {
    }

    static boolean available() {
        return FSTATAT != null;
    }

    /**
     * An O_PATH descriptor of a host file, opened next to the JDK channel that does the I/O:
     * it keeps naming the file when the guest unlinks or renames it, so fstat(2) stays right.
     */
    record Handle(int fd) implements AutoCloseable {
        @Override
        public void close() {
            try {
                int ignored = (int) CLOSE.invokeExact(fd);
            } catch (Throwable t) {
                // Nothing to tell anybody: the descriptor is gone either way.
            }
        }
    }

    /**
     * A handle on path, following a final symlink only where follow is set (a /proc/self/fd
     * name), or null where handles are not available.
     */
    static Handle openHandle(Path path, boolean follow) {
        if (FSTATAT == null || OPEN == null || CLOSE == null) {
            return null;
        }
        try (HostScratch arena = HostScratch.open()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(path.toString()),
                    O_PATH_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
            return fd < 0 ? null : new Handle(fd);
        } catch (Throwable t) {
            return null;
        }
    }

    /** The attributes of the file a handle names. */
    static FileStat fstat(Handle handle) {
        return fstatat(handle.fd(), "", AT_EMPTY_PATH);
    }

    /** The attributes of path itself (not following a final symlink). */
    static FileStat lstat(Path path) {
        return fstatat(AT_FDCWD, path.toString(), AT_SYMLINK_NOFOLLOW);
    }

    /** The attributes of the entry name of the directory open as dir (not following a symlink). */
    static FileStat lstatAt(Handle dir, String name) {
        return fstatat(dir.fd(), name, AT_SYMLINK_NOFOLLOW);
    }

    /** The attributes of what pin names itself (not following a final symlink). */
    static FileStat lstat(HostPin pin) {
        String name = pin.name();
        return fstatat(pin.fd(), name, name.isEmpty() ? AT_EMPTY_PATH : AT_SYMLINK_NOFOLLOW);
    }

    private static FileStat fstatat(int dirfd, String path, int flags) {
        try (HostScratch arena = HostScratch.open()) {
            MemorySegment state = arena.allocate(HostLibc.CALL_STATE);
            MemorySegment name = arena.allocateFrom(path);
            MemorySegment buf = arena.buffer(StatLayout.size(HOST_ARCH), 8);
            int rc = (int) FSTATAT.invokeExact(state, dirfd, name, buf, flags);
            if (rc != 0) {
                throw HostLibc.errno(state).exception();
            }
            return StatLayout.decode(HOST_ARCH, buf.toArray(ValueLayout.JAVA_BYTE));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errno.EIO.exception();
        }
    }
}
