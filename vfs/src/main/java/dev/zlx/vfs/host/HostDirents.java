package dev.zlx.vfs.host;

import dev.zlx.abi.Fcntl;
import dev.zlx.abi.OpenFlags;
import dev.zlx.vfs.DirEntry;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A host directory read through a descriptor held open on it, with getdents64(2): the host
 * sees one open for the guest's open and reads for its reads, as Linux's inotify reports a
 * guest's own directory reads, where the JDK's listing opens and closes the directory each time.
 */
final class HostDirents {
    private static final MethodHandle OPEN = HostLibc.find("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle GETDENTS64 = HostLibc.find("getdents64", FunctionDescriptor.of(
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle LSEEK = HostLibc.find("lseek", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final int BUFFER_SIZE = 8 * 1024;
    /** struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name. */
    private static final int RECLEN = 16;
    private static final int TYPE = 18;
    private static final int NAME = 19;

    private HostDirents() {
    }

    /**
     * A descriptor reading the directory at path (not following a final symlink), or null where
     * there is none (the user running zlx may not read it, or the host lacks the calls): the
     * caller then lists by name.
     */
    static HostStat.Handle open(Path path) {
        if (OPEN == null || GETDENTS64 == null || LSEEK == null || HostStat.HOST_ARCH == null) {
            return null;
        }
        int flags = OpenFlags.of(HostStat.HOST_ARCH).fromCanonical(Fcntl.O_RDONLY | Fcntl.O_DIRECTORY
                | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC);
        try (HostScratch arena = HostScratch.open()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(path.toString()), flags);
            return fd < 0 ? null : new HostStat.Handle(fd);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * The entries of the directory dir reads, from its start, "." and ".." left out, with the
     * host's d_ino and d_type (DT_UNKNOWN where the host file system does not tell).
     */
    static List<DirEntry> entries(HostStat.Handle dir) {
        List<DirEntry> names = new ArrayList<>();
        try (HostScratch arena = HostScratch.open()) {
            long ignored = (long) LSEEK.invokeExact(dir.fd(), 0L, Fcntl.SEEK_SET);
            MemorySegment buffer = arena.buffer(BUFFER_SIZE, 8);
            MemorySegment state = arena.allocate(HostLibc.CALL_STATE);
            for (;;) {
                long n = (long) GETDENTS64.invokeExact(state, dir.fd(), buffer, (long) BUFFER_SIZE);
                if (n < 0) {
                    throw HostLibc.errno(state).exception();
                }
                if (n == 0) {
                    return names;
                }
                for (long at = 0; at < n; at += buffer.get(ValueLayout.JAVA_SHORT, at + RECLEN) & 0xffff) {
                    String name = buffer.getString(at + NAME, StandardCharsets.UTF_8);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(new DirEntry(name, buffer.get(ValueLayout.JAVA_LONG, at),
                                buffer.get(ValueLayout.JAVA_BYTE, at + TYPE) & 0xff));
                    }
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw dev.zlx.abi.Errno.EIO.exception();
        }
    }
}
