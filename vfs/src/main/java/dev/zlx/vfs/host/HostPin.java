package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.OpenFlags;
import dev.zlx.abi.OpenHow;
import dev.zlx.abi.SyscallNumbers;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * A host directory held for one host call by an O_PATH descriptor that openat2(2) reached from
 * the descriptor of the mount's root with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
 * RESOLVE_NO_MAGICLINKS: the kernel checks atomically that no component is a symlink and none
 * leaves the root, and the descriptor keeps naming that directory whatever is renamed later, so
 * a call made on {@code /proc/self/fd/N/name} (or with *at(2) on N) reaches nothing outside the
 * tree, race or not (issue 4). Unpinned (the plain host path, descriptor AT_FDCWD) where there
 * is nothing to confine to (the root is the host's "/").
 */
final class HostPin implements AutoCloseable {
    static final int AT_FDCWD = -100;

    private static final MethodHandle SYSCALL = HostStat.HOST_ARCH == null ? null : HostLibc.find("syscall",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final long NR_OPENAT2 = HostStat.HOST_ARCH == null ? -1
            : SyscallNumbers.of(HostStat.HOST_ARCH).number("openat2");
    private static final long RESOLVE = OpenHow.RESOLVE_BENEATH | OpenHow.RESOLVE_NO_SYMLINKS
            | OpenHow.RESOLVE_NO_MAGICLINKS;
    private static final int DIRECTORY_FLAGS = HostStat.HOST_ARCH == null ? 0
            : OpenFlags.of(HostStat.HOST_ARCH).fromCanonical(Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);

    /** The pinned directory's descriptor, or AT_FDCWD when unpinned. */
    private final int fd;
    /** Whether close closes fd (not the root's, which its file system holds for the run). */
    private final boolean owned;
    /** The entry in it the call is about, or null for the directory itself; the whole path when unpinned. */
    private final String name;

    private HostPin(int fd, String name, boolean owned) {
        this.fd = fd;
        this.name = name;
        this.owned = owned;
    }

    /** No pin: the call goes to the host path itself. */
    static HostPin unpinned(Path path) {
        return new HostPin(AT_FDCWD, path.toString(), false);
    }

    /** name in the root directory itself (null: the root), by the root's own descriptor: no openat2. */
    static HostPin inRoot(int rootFd, String name) {
        return new HostPin(rootFd, name, false);
    }

    /**
     * Pins the directory at relative (a path below the root descriptor, "." for the root
     * itself) and names name in it (null: the directory itself). ENOENT where a component is a
     * symlink or leaves the tree (as hostfs answered before pinning), ENOTDIR where one is no
     * directory, the host's errno otherwise.
     */
    static HostPin open(int rootFd, String relative, String name) {
        return new HostPin(openat2(rootFd, relative, DIRECTORY_FLAGS, true), name, true);
    }

    /**
     * The descriptor openat2 gives for relative below rootFd; with symlinkIsEnoent, ELOOP and
     * EXDEV are ENOENT, else the host's errno is thrown.
     */
    private static int openat2(int rootFd, String relative, int flags, boolean symlinkIsEnoent) {
        return openat2(rootFd, relative, flags, symlinkIsEnoent, RESOLVE);
    }

    private static int openat2(int rootFd, String relative, int flags, boolean symlinkIsEnoent, long resolve) {
        long[] fd = new long[1];
        try {
            HostLibc.checked((arena, state) -> {
                MemorySegment how = arena.allocate(OpenHow.SIZE_VER0, 8);
                how.set(ValueLayout.JAVA_LONG, 0, flags);
                how.set(ValueLayout.JAVA_LONG, 16, resolve);
                fd[0] = (long) SYSCALL.invokeExact(state, NR_OPENAT2, (long) rootFd, arena.allocateFrom(relative), how,
                        (long) OpenHow.SIZE_VER0);
                return fd[0] < 0 ? -1 : 0;
            });
        } catch (LinuxException e) {
            if (symlinkIsEnoent && (e.errno() == Errno.ELOOP || e.errno() == Errno.EXDEV)) {
                throw Errno.ENOENT.exception();
            }
            throw e;
        }
        return (int) fd[0];
    }

    /**
     * An O_PATH | O_DIRECTORY descriptor of the host root (the start of every pin), or -1 where
     * this host has no openat2 (not Linux, an older kernel: ENOSYS, or a seccomp filter: EPERM),
     * and hostfs falls back to checking the ancestors before each call.
     */
    static int openRoot(Path hostRoot) {
        if (SYSCALL == null || NR_OPENAT2 < 0) {
            return -1;
        }
        try {
            // The root itself may be reached through symlinks (RESOLVE_* apply below it only
            // where it is the start): plain openat2 of its path, which also tries the call.
            return openat2(AT_FDCWD, hostRoot.toString(), DIRECTORY_FLAGS, false, 0);
        } catch (LinuxException e) {
            return -1;
        }
    }

    /** The pinned directory's descriptor (AT_FDCWD when unpinned), for *at(2) calls with {@link #name}. */
    int fd() {
        return fd;
    }

    /** The name relative to {@link #fd} ("" for the directory itself, which *at(2) takes with AT_EMPTY_PATH). */
    String name() {
        return name == null ? "" : name;
    }

    /**
     * The host path for calls by name: /proc/self/fd/N[/name], whose magic link the host
     * follows to the pinned directory itself; the host path itself when unpinned.
     */
    Path path() {
        return Path.of(toString());
    }

    @Override
    public String toString() {
        if (fd == AT_FDCWD) {
            return name;
        }
        return name == null ? "/proc/self/fd/" + fd : "/proc/self/fd/" + fd + "/" + name;
    }

    @Override
    public void close() {
        if (owned) {
            new HostStat.Handle(fd).close();
        }
    }
}
