package dev.zlx.vfs.host;

import dev.zlx.abi.Fcntl;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * utimensat(2) on a host name, never following a final symlink. The JDK's setTimes opens the
 * file first, which blocks forever on a FIFO without a writer (touch -d on a FIFO would hang)
 * and fails on a socket node; utimensat works on a name as Linux's does.
 */
final class HostTimes {
    private static final int AT_FDCWD = -100;
    /** The tv_nsec that leaves a time as it is, from include/uapi/linux/stat.h. */
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final MethodHandle UTIMENSAT = HostLibc.find("utimensat", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private HostTimes() {
    }

    /** Whether the C library has utimensat (off Linux the caller uses the JDK). */
    static boolean available() {
        return UTIMENSAT != null;
    }

    /** Sets the access and modification times of path in nanoseconds since the epoch; null leaves one as it is. */
    static void set(Path path, Long atimeNanos, Long mtimeNanos) {
        HostLibc.checked((arena, state) -> {
            MemorySegment times = arena.allocate(ValueLayout.JAVA_LONG, 4);
            put(times, 0, atimeNanos);
            put(times, 2, mtimeNanos);
            return (int) UTIMENSAT.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()), times,
                    Fcntl.AT_SYMLINK_NOFOLLOW);
        });
    }

    /** One struct timespec (tv_sec, tv_nsec) at long index i. */
    private static void put(MemorySegment times, int i, Long nanos) {
        times.setAtIndex(ValueLayout.JAVA_LONG, i, nanos == null ? 0 : Math.floorDiv(nanos, 1_000_000_000L));
        times.setAtIndex(ValueLayout.JAVA_LONG, i + 1, nanos == null ? UTIME_OMIT : Math.floorMod(nanos, 1_000_000_000L));
    }
}
