package dev.zlx.vfs.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The readiness of one of zlx's own host descriptors, asked of the host with poll(2) and a zero
 * timeout. Where the host has no poll, the descriptor is reported ready, so a reader blocks in
 * read instead of waiting forever in poll.
 */
final class HostPoll {
    private static final MethodHandle POLL = lookup();

    private HostPoll() {
    }

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("poll").map(addr -> linker.downcallHandle(addr,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT))).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The ready events of host descriptor fd among those asked (Linux poll bits), now. */
    static int poll(int fd, int events) {
        return poll(fd, events, 0);
    }

    /** Whether the host has poll(2) (else {@link #poll} reports every descriptor ready). */
    static boolean available() {
        return POLL != null;
    }

    /**
     * The ready events of host descriptor fd among those asked, waiting up to timeoutMillis for
     * one (-1: as long as it takes); 0 when the wait ended without any (a signal, the timeout).
     */
    static int poll(int fd, int events, int timeoutMillis) {
        if (POLL == null) {
            return events;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = arena.allocate(8);
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) events);
            int n = (int) POLL.invokeExact(pfd, 1L, timeoutMillis);
            return n > 0 ? pfd.get(ValueLayout.JAVA_SHORT, 6) & 0xffff : 0;
        } catch (Throwable t) {
            return events;
        }
    }
}
