package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Xattr;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's extended attribute calls on a path, through FFM: the JDK's attribute view opens the
 * file (a FIFO would block, a mode-0 file refuses) and knows only "user.". The l* calls act on
 * a final symlink itself; "follow" ones are for /proc/self/fd/N names of open files. Where the C
 * library lacks them every call is EOPNOTSUPP, as for a host file system without attributes.
 */
final class HostXattrs {
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final FunctionDescriptor GET = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    private static final FunctionDescriptor LIST = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    private static final MethodHandle LGETXATTR = HostLibc.find("lgetxattr", GET, ERRNO);
    private static final MethodHandle GETXATTR = HostLibc.find("getxattr", GET, ERRNO);

    /**
     * The calls that list and change attributes, bound on first use: every lookup reads an
     * attribute (the ownership override), but few runs list or write one, and each call
     * signature costs a few ms of start-up to bind.
     */
    private static final class Rare {
        static final MethodHandle LLISTXATTR = HostLibc.find("llistxattr", LIST, ERRNO);
        static final MethodHandle LSETXATTR = HostLibc.find("lsetxattr", FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), ERRNO);
        static final MethodHandle LREMOVEXATTR = HostLibc.find("lremovexattr", FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), ERRNO);
    }

    /** The buffer of a first try (ERANGE: a second with the most the host allows). */
    private static final int FIRST_TRY = 4096;

    private HostXattrs() {
    }

    /** The value of name on path, or null when it has none (ENODATA); other failures throw. */
    static byte[] get(String path, String name, boolean follow) {
        MethodHandle call = follow ? GETXATTR : LGETXATTR;
        if (call == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        try (HostScratch arena = HostScratch.open()) {
            MemorySegment state = arena.allocate(HostLibc.CALL_STATE);
            MemorySegment p = arena.allocateFrom(path);
            MemorySegment n = arena.allocateFrom(name);
            // A first try with room for what zlx's own attributes hold, then the most there can be.
            MemorySegment buf = arena.buffer(FIRST_TRY, 8);
            long len = (long) call.invokeExact(state, p, n, buf, (long) FIRST_TRY);
            if (len < 0 && HostLibc.errno(state) == Errno.ERANGE) {
                buf = arena.buffer(Xattr.XATTR_SIZE_MAX, 8);
                len = (long) call.invokeExact(state, p, n, buf, (long) Xattr.XATTR_SIZE_MAX);
            }
            if (len < 0) {
                Errno e = HostLibc.errno(state);
                if (e == Errno.ENODATA) {
                    return null;
                }
                throw e.exception();
            }
            return buf.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw Errno.EIO.exception();
        }
    }

    /** The attribute names of path itself. */
    static List<String> list(String path) {
        if (Rare.LLISTXATTR == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        try (HostScratch arena = HostScratch.open()) {
            MemorySegment state = arena.allocate(HostLibc.CALL_STATE);
            MemorySegment p = arena.allocateFrom(path);
            MemorySegment buf = arena.buffer(FIRST_TRY, 8);
            long len = (long) Rare.LLISTXATTR.invokeExact(state, p, buf, (long) FIRST_TRY);
            if (len < 0 && HostLibc.errno(state) == Errno.ERANGE) {
                buf = arena.buffer(Xattr.XATTR_LIST_MAX, 8);
                len = (long) Rare.LLISTXATTR.invokeExact(state, p, buf, (long) Xattr.XATTR_LIST_MAX);
            }
            if (len < 0) {
                throw HostLibc.errno(state).exception();
            }
            List<String> names = new ArrayList<>();
            byte[] raw = buf.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE);
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return names;
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw Errno.EIO.exception();
        }
    }

    /** Sets name on path itself; flags are setxattr's XATTR_CREATE / XATTR_REPLACE. */
    static void set(String path, String name, byte[] value, int flags) {
        if (Rare.LSETXATTR == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        HostLibc.checked((arena, state) -> {
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            return (int) Rare.LSETXATTR.invokeExact(state, arena.allocateFrom(path), arena.allocateFrom(name), v,
                    (long) value.length, flags);
        });
    }

    /** Removes name from path itself; ENODATA when it has none. */
    static void remove(String path, String name) {
        if (Rare.LREMOVEXATTR == null) {
            throw Errno.EOPNOTSUPP.exception();
        }
        HostLibc.checked((arena, state) -> (int) Rare.LREMOVEXATTR.invokeExact(state, arena.allocateFrom(path),
                arena.allocateFrom(name)));
    }
}
