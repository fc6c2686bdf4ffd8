package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.OpenFlags;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A host regular file opened with openat(2) on the pinned directory and read and written with
 * the host's own calls through FFM: one host descriptor where a JDK channel needed a second
 * (an O_PATH handle for fstat after an unlink), and no JDK path or channel machinery per open.
 * It is a FileChannel for the calls hostfs makes (I/O, position, size, truncate, force); it
 * neither maps, locks nor transfers (hostfs never asks: UnsupportedOperationException). Host
 * errors arrive as the LinuxException of the host's errno. Only for regular files: a FIFO's
 * blocking open and reads stay with the JDK's interruptible channel.
 */
final class HostFd extends java.nio.channels.FileChannel {
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final FunctionDescriptor IO = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    private static final FunctionDescriptor PIO = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    private static final MethodHandle OPENAT = HostLibc.find("openat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(3), ERRNO);
    private static final MethodHandle READ = HostLibc.find("read", IO, ERRNO);
    private static final MethodHandle WRITE = HostLibc.find("write", IO, ERRNO);
    private static final MethodHandle PREAD = HostLibc.find("pread64", PIO, ERRNO);
    private static final MethodHandle PWRITE = HostLibc.find("pwrite64", PIO, ERRNO);
    private static final MethodHandle LSEEK = HostLibc.find("lseek", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), ERRNO);
    private static final MethodHandle FTRUNCATE = HostLibc.find("ftruncate", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), ERRNO);
    private static final MethodHandle FSYNC = HostLibc.find("fsync", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT), ERRNO);
    private static final MethodHandle FDATASYNC = HostLibc.find("fdatasync", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), ERRNO);
    /** The most a heap buffer moves through scratch memory per host call. */
    private static final int CHUNK = 64 * 1024;
    /** The host's O_CLOEXEC | O_NOFOLLOW, whose O_NOFOLLOW x86-64 and aarch64 differ in. */
    private static final OpenFlags HOST_FLAGS = HostStat.HOST_ARCH == null ? null : OpenFlags.of(HostStat.HOST_ARCH);

    private final int fd;
    private final HostStat.Handle handle;

    private HostFd(int fd) {
        this.fd = fd;
        this.handle = new HostStat.Handle(fd);
    }

    /** Whether files can be opened this way here (else hostfs uses the JDK's channels). */
    static boolean available() {
        return HOST_FLAGS != null && OPENAT != null && READ != null && WRITE != null && PREAD != null && PWRITE != null
                && LSEEK != null && FTRUNCATE != null && FSYNC != null && FDATASYNC != null && HostStat.available();
    }

    /**
     * openat(2) of what pin names with the canonical flags given (O_CLOEXEC added; O_NOFOLLOW
     * unless follow) and mode for a file it creates; the host's errno is thrown.
     */
    static HostFd open(HostPin pin, int flags, int mode, boolean follow) {
        int host = HOST_FLAGS.fromCanonical(flags | Fcntl.O_CLOEXEC | (follow ? 0 : Fcntl.O_NOFOLLOW));
        String name = pin.name().isEmpty() ? "." : pin.name();
        int[] fd = new int[1];
        HostLibc.checked((arena, state) -> {
            fd[0] = (int) OPENAT.invokeExact(state, pin.fd(), arena.allocateFrom(name), host, mode);
            return fd[0] < 0 ? -1 : 0;
        });
        return new HostFd(fd[0]);
    }

    /** The descriptor as a handle for fstat (the same descriptor: closed with this channel, not by itself). */
    HostStat.Handle handle() {
        return handle;
    }

    /** The positional or plain read/write call: a result, or -1 with errno in state. */
    @FunctionalInterface
    private interface Io {
        long call(MemorySegment state, MemorySegment buf, long count, long offset) throws Throwable;
    }

    /**
     * One transfer between buffer and the host: a direct buffer is handed to the host as it is,
     * a heap one goes through scratch memory a CHUNK at a time (each a host call, until one
     * comes back short). Returns the bytes moved; the buffer's position advances by them.
     */
    private int transfer(ByteBuffer buffer, long offset, boolean into, Io io) throws IOException {
        int wanted = buffer.remaining();
        if (wanted == 0) {
            return 0;
        }
        try (HostScratch scratch = HostScratch.open()) {
            MemorySegment state = scratch.allocate(HostLibc.CALL_STATE);
            if (buffer.isDirect()) {
                MemorySegment seg = MemorySegment.ofBuffer(buffer);
                long n = call(io, state, seg, wanted, offset);
                buffer.position(buffer.position() + (int) n);
                return (int) n;
            }
            MemorySegment bounce = scratch.buffer(Math.min(wanted, CHUNK), 8);
            int total = 0;
            while (total < wanted) {
                int count = (int) Math.min(wanted - total, bounce.byteSize());
                if (!into) {
                    MemorySegment.copy(MemorySegment.ofBuffer(buffer), 0, bounce, 0, count);
                }
                long n = call(io, state, bounce, count, offset < 0 ? -1 : offset + total);
                if (into && n > 0) {
                    MemorySegment.copy(bounce, 0, MemorySegment.ofBuffer(buffer), 0, n);
                }
                buffer.position(buffer.position() + (int) n);
                total += (int) n;
                if (n < count) {
                    break;
                }
            }
            return total;
        } catch (LinuxException e) {
            throw new HostErrno(e);
        }
    }

    /** One call, retried after EINTR (a host signal, not the guest's); the host's errno is thrown. */
    private static long call(Io io, MemorySegment state, MemorySegment buf, long count, long offset) {
        for (;;) {
            long n;
            try {
                n = io.call(state, buf, count, offset);
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw Errno.EIO.exception();
            }
            if (n >= 0) {
                return n;
            }
            Errno e = HostLibc.errno(state);
            if (e != Errno.EINTR) {
                throw e.exception();
            }
        }
    }

    /** A host errno carried through the FileChannel signatures; HostErrors gives it back. */
    static final class HostErrno extends IOException {
        private final LinuxException error;

        HostErrno(LinuxException error) {
            super(error.errno().name(), null);
            this.error = error;
        }

        LinuxException error() {
            return error;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = transfer(dst, -1, true, (state, buf, count, offset) -> (long) READ.invokeExact(state, fd, buf, count));
        return n == 0 && dst.hasRemaining() ? -1 : n;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        int n = transfer(dst, position, true,
                (state, buf, count, offset) -> (long) PREAD.invokeExact(state, fd, buf, count, offset));
        return n == 0 && dst.hasRemaining() ? -1 : n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return transfer(src, -1, false, (state, buf, count, offset) -> (long) WRITE.invokeExact(state, fd, buf, count));
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return transfer(src, position, false,
                (state, buf, count, offset) -> (long) PWRITE.invokeExact(state, fd, buf, count, offset));
    }

    private long lseek(long offset, int whence) throws IOException {
        try (HostScratch scratch = HostScratch.open()) {
            MemorySegment state = scratch.allocate(HostLibc.CALL_STATE);
            long n = (long) LSEEK.invokeExact(state, fd, offset, whence);
            if (n < 0) {
                throw new HostErrno(HostLibc.errno(state).exception());
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new HostErrno(Errno.EIO.exception());
        }
    }

    @Override
    public long position() throws IOException {
        return lseek(0, Fcntl.SEEK_CUR);
    }

    @Override
    public java.nio.channels.FileChannel position(long newPosition) throws IOException {
        lseek(newPosition, Fcntl.SEEK_SET);
        return this;
    }

    @Override
    public long size() throws IOException {
        try {
            return HostStat.fstat(handle).size();
        } catch (LinuxException e) {
            throw new HostErrno(e);
        }
    }

    /** ftruncate(2) to size; unlike FileChannel.truncate it never grows the file nor moves the position. */
    @Override
    public java.nio.channels.FileChannel truncate(long size) throws IOException {
        try {
            HostLibc.checked((arena, state) -> (int) FTRUNCATE.invokeExact(state, fd, size));
        } catch (LinuxException e) {
            throw new HostErrno(e);
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        try {
            HostLibc.checked((arena, state) -> metaData ? (int) FSYNC.invokeExact(state, fd)
                    : (int) FDATASYNC.invokeExact(state, fd));
        } catch (LinuxException e) {
            throw new HostErrno(e);
        }
    }

    @Override
    protected void implCloseChannel() {
        handle.close();
    }

    /** What hostfs never asks of a host file: its callers use one buffer, the guest's kernel locks, zlx maps by reading. */
    private static UnsupportedOperationException neverAsked() {
        return new UnsupportedOperationException("not a call hostfs makes");
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw neverAsked();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        return read(srcs, offset, length); // never asked either
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw neverAsked();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        return transferTo(position, count, null); // never asked either
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw neverAsked();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw neverAsked();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        return lock(position, size, shared); // never asked either
    }
}
