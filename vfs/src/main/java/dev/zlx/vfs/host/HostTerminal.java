package dev.zlx.vfs.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The host terminal behind one of zlx's own standard descriptors: its termios and window size,
 * read with the host's ioctl(2), and its termios set (for `zlx run -t`'s raw mode). On a host without that call every descriptor is "not a
 * terminal", which is what the guest then sees (ENOTTY).
 */
public final class HostTerminal {
    /** The host request numbers: Linux's, as zlx's JVM backend runs on Linux hosts. */
    private static final long TCGETS = 0x5401;
    private static final long TIOCGWINSZ = 0x5413;
    private static final long TCSETSW = 0x5403;
    /** The kernel's struct termios as TCGETS fills it. */
    private static final int TERMIOS_SIZE = 36;
    private static final int WINSIZE_SIZE = 8;

    private static final MethodHandle IOCTL = lookupIoctl();

    private HostTerminal() {
    }

    private static MethodHandle lookupIoctl() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("ioctl")
                    .map(addr -> linker.downcallHandle(addr,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                            Linker.Option.firstVariadicArg(2)))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The kernel termios of host descriptor fd, or empty when it is not a terminal. */
    public static Optional<byte[]> termios(int fd) {
        return query(fd, TCGETS, TERMIOS_SIZE);
    }

    /** The struct winsize of host descriptor fd, or empty when it is not a terminal. */
    public static Optional<byte[]> windowSize(int fd) {
        return query(fd, TIOCGWINSZ, WINSIZE_SIZE);
    }

    /** Sets the kernel termios of host descriptor fd after its output drained; false if that failed. */
    public static boolean setTermios(int fd, byte[] termios) {
        if (IOCTL == null) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(TERMIOS_SIZE);
            MemorySegment.copy(termios, 0, buf, ValueLayout.JAVA_BYTE, 0, TERMIOS_SIZE);
            return (int) IOCTL.invokeExact(fd, TCSETSW, buf) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    private static Optional<byte[]> query(int fd, long request, int size) {
        if (IOCTL == null) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(size);
            int rc = (int) IOCTL.invokeExact(fd, request, buf);
            return rc == 0 ? Optional.of(buf.toArray(ValueLayout.JAVA_BYTE)) : Optional.empty();
        } catch (Throwable t) {
            return Optional.empty();
        }
    }
}
