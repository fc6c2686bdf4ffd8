package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few host C library calls hostfs makes where the JDK has no equivalent (fstatat with
 * nanoseconds, O_PATH handles, syncfs, mknodat), through FFM. Only on Linux hosts: elsewhere
 * every lookup is null and the callers fall back or refuse.
 */
final class HostLibc {
    /** The layout of the call state that captures errno. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final boolean LINUX = System.getProperty("os.name").equals("Linux");

    private HostLibc() {
    }

    /** A downcall to the C library's name, or null off Linux or when it lacks the function. */
    static MethodHandle find(String name, FunctionDescriptor d, Linker.Option... options) {
        if (!LINUX) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(addr -> linker.downcallHandle(addr, d, options)).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One C call made through {@link #checked}: returns its result, 0 for success. */
    @FunctionalInterface
    interface Call {
        int invoke(SegmentAllocator arena, MemorySegment state) throws Throwable;
    }

    /**
     * Runs call with this thread's scratch memory ({@link HostScratch}) and an errno capture
     * state: a non-zero result throws the errno the call left; a failure of the downcall itself
     * is EIO.
     */
    static void checked(Call call) {
        try (HostScratch arena = HostScratch.open()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            if (call.invoke(arena, state) != 0) {
                throw errno(state).exception();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errno.EIO.exception();
        }
    }

    /** The errno a call with Linker.Option.captureCallState("errno") left in state, as an Errno. */
    static Errno errno(MemorySegment state) {
        Errno e = Errno.of((int) ERRNO.get(state, 0L));
        return e == null ? Errno.EIO : e;
    }
}
