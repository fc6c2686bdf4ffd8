package dev.zlx.vfs.pipe;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.BrokenPipe;
import dev.zlx.vfs.IoctlMemory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The two ends of a pipe as open files (fs/pipe.c semantics). */
class PipeEndTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(PipeEnd end, int n) {
        ByteBuffer buf = ByteBuffer.allocate(n);
        int got = end.read(buf);
        return new String(buf.array(), 0, got, StandardCharsets.UTF_8);
    }

    /** Waits (bounded) until the thread is parked in Object.wait. */
    private static void awaitWaiting(AtomicReference<Thread> thread) throws InterruptedException {
        for (int i = 0; i < 10_000; i++) {
            Thread t = thread.get();
            if (t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the thread never blocked");
    }

    /** The count FIONREAD reports, decoded from what the ioctl wrote to guest memory. */
    private static int fionread(PipeEnd end) {
        Memory mem = new Memory();
        assertEquals(0, end.ioctl(Ioctls.FIONREAD, 0x1000, mem));
        byte[] b = mem.written.get(0x1000L);
        assertEquals(4, b.length);
        return ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void data_comesOutInTheOrderItWentIn() {
        PipeEnd[] p = PipeEnd.create(0);
        p[1].write(bytes("hello "));
        p[1].write(bytes("world"));
        assertEquals("hel", read(p[0], 3));
        assertEquals("lo world", read(p[0], 100));
    }

    @Test
    void data_wrapsAroundTheRingIntact() {
        PipeEnd[] p = PipeEnd.create(Fcntl.O_NONBLOCK);
        byte[] chunk = new byte[40_000];
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + round);
            }
            assertEquals(chunk.length, p[1].write(ByteBuffer.wrap(chunk)));
            ByteBuffer out = ByteBuffer.allocate(chunk.length);
            while (out.hasRemaining()) {
                p[0].read(out);
            }
            assertArrayEquals(chunk, out.array());
        }
    }

    @Test
    void read_afterWriterClosed_drainsThenReturnsEndOfFile() {
        PipeEnd[] p = PipeEnd.create(0);
        p[1].write(bytes("last"));
        p[1].close();
        assertEquals("last", read(p[0], 10));
        assertEquals(0, p[0].read(ByteBuffer.allocate(10)));
    }

    @Test
    void read_withDuplicatedWriterStillOpen_doesNotSeeEndOfFile() {
        PipeEnd[] p = PipeEnd.create(Fcntl.O_NONBLOCK);
        p[1].retain();
        p[1].close();
        errno(Errno.EAGAIN, () -> p[0].read(ByteBuffer.allocate(1)));
        p[1].close();
        assertEquals(0, p[0].read(ByteBuffer.allocate(1)));
    }

    @Test
    void write_afterReaderClosed_throwsBrokenPipe() {
        PipeEnd[] p = PipeEnd.create(0);
        p[0].close();
        assertSame(BrokenPipe.INSTANCE, assertThrows(BrokenPipe.class, () -> p[1].write(bytes("x"))));
    }

    @Test
    void nonBlocking_emptyRead_isEAGAIN() {
        PipeEnd[] p = PipeEnd.create(Fcntl.O_NONBLOCK);
        errno(Errno.EAGAIN, () -> p[0].read(ByteBuffer.allocate(1)));
    }

    @Test
    void nonBlocking_writeToFullPipe_isEAGAIN() {
        PipeEnd[] p = PipeEnd.create(Fcntl.O_NONBLOCK);
        assertEquals(Pipe.DEFAULT_CAPACITY, p[1].write(ByteBuffer.allocate(Pipe.DEFAULT_CAPACITY)));
        errno(Errno.EAGAIN, () -> p[1].write(bytes("x")));
    }

    @Test
    void nonBlocking_largeWrite_isPartialWhenSpaceRunsOut() {
        PipeEnd[] p = PipeEnd.create(Fcntl.O_NONBLOCK);
        p[1].write(ByteBuffer.allocate(Pipe.DEFAULT_CAPACITY - 10_000));
        ByteBuffer big = ByteBuffer.allocate(30_000);
        assertEquals(10_000, p[1].write(big));
        assertEquals(20_000, big.remaining());
    }

    @Test
    void nonBlocking_atomicWriteThatDoesNotFitWhole_isEAGAINAndWritesNothing() {
        PipeEnd[] p = PipeEnd.create(Fcntl.O_NONBLOCK);
        p[1].write(ByteBuffer.allocate(Pipe.DEFAULT_CAPACITY - 100));
        ByteBuffer page = ByteBuffer.allocate(Pipe.PIPE_BUF);
        errno(Errno.EAGAIN, () -> p[1].write(page));
        assertEquals(Pipe.PIPE_BUF, page.remaining());
        assertEquals(Pipe.DEFAULT_CAPACITY - 100, fionread(p[0]));
    }

    @Test
    void blocking_atomicWrite_waitsUntilItFitsWhole() throws Exception {
        PipeEnd[] p = PipeEnd.create(0);
        p[1].write(ByteBuffer.allocate(Pipe.DEFAULT_CAPACITY - 100));
        AtomicReference<Thread> writer = new AtomicReference<>();
        Future<Integer> write = threads.submit(() -> {
            writer.set(Thread.currentThread());
            return p[1].write(ByteBuffer.allocate(Pipe.PIPE_BUF));
        });
        awaitWaiting(writer);
        // Room for part of the page is not enough: the write must not split it.
        p[0].read(ByteBuffer.allocate(200));
        awaitWaiting(writer);
        assertEquals(Pipe.DEFAULT_CAPACITY - 300, fionread(p[0]));
        p[0].read(ByteBuffer.allocate(Pipe.PIPE_BUF));
        assertEquals(Pipe.PIPE_BUF, write.get(30, TimeUnit.SECONDS));
        assertEquals(Pipe.DEFAULT_CAPACITY - 300, fionread(p[0]));
    }

    @Test
    void blockingReader_isWokenByWriterInAnotherThread() throws Exception {
        PipeEnd[] p = PipeEnd.create(0);
        AtomicReference<Thread> reader = new AtomicReference<>();
        Future<String> read = threads.submit(() -> {
            reader.set(Thread.currentThread());
            return read(p[0], 100);
        });
        awaitWaiting(reader);
        p[1].write(bytes("wake"));
        assertEquals("wake", read.get(30, TimeUnit.SECONDS));
    }

    @Test
    void blockingReader_getsEndOfFileWhenLastWriterCloses() throws Exception {
        PipeEnd[] p = PipeEnd.create(0);
        AtomicReference<Thread> reader = new AtomicReference<>();
        Future<Integer> read = threads.submit(() -> {
            reader.set(Thread.currentThread());
            return p[0].read(ByteBuffer.allocate(10));
        });
        awaitWaiting(reader);
        p[1].close();
        assertEquals(0, read.get(30, TimeUnit.SECONDS));
    }

    @Test
    void blockedWriter_getsBrokenPipeWhenReaderCloses() throws Exception {
        PipeEnd[] p = PipeEnd.create(0);
        p[1].write(ByteBuffer.allocate(Pipe.DEFAULT_CAPACITY));
        AtomicReference<Thread> writer = new AtomicReference<>();
        Future<Integer> write = threads.submit(() -> {
            writer.set(Thread.currentThread());
            return p[1].write(bytes("more"));
        });
        awaitWaiting(writer);
        p[0].close();
        Throwable cause = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> write.get(30, TimeUnit.SECONDS)).getCause();
        assertSame(BrokenPipe.INSTANCE, cause);
    }

    @Test
    void blockedReader_interrupted_isEINTR() throws Exception {
        PipeEnd[] p = PipeEnd.create(0);
        AtomicReference<Thread> reader = new AtomicReference<>();
        Future<Integer> read = threads.submit(() -> {
            reader.set(Thread.currentThread());
            return p[0].read(ByteBuffer.allocate(10));
        });
        awaitWaiting(reader);
        reader.get().interrupt();
        Throwable cause = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> read.get(30, TimeUnit.SECONDS)).getCause();
        assertEquals(Errno.EINTR, ((LinuxException) cause).errno());
    }

    @Test
    void wrongDirection_isEBADF() {
        PipeEnd[] p = PipeEnd.create(0);
        errno(Errno.EBADF, () -> p[0].write(bytes("x")));
        errno(Errno.EBADF, () -> p[1].read(ByteBuffer.allocate(1)));
    }

    @Test
    void fionread_writesTheByteCountLittleEndian() {
        PipeEnd[] p = PipeEnd.create(0);
        p[1].write(ByteBuffer.allocate(0x1234));
        assertEquals(0x1234, fionread(p[0]));
        p[0].read(ByteBuffer.allocate(0x34));
        assertEquals(0x1200, fionread(p[1]));
    }

    @Test
    void unknownIoctl_isENOTTY() {
        PipeEnd[] p = PipeEnd.create(0);
        errno(Errno.ENOTTY, () -> p[0].ioctl(0x5401, 0, new Memory()));
    }

    @Test
    void seekAndPositionalIo_areESPIPE() {
        PipeEnd[] p = PipeEnd.create(0);
        errno(Errno.ESPIPE, () -> p[0].seek(0, Fcntl.SEEK_CUR));
        errno(Errno.ESPIPE, () -> p[0].pread(ByteBuffer.allocate(1), 0));
        errno(Errno.ESPIPE, () -> p[1].pwrite(ByteBuffer.allocate(1), 0));
    }

    @Test
    void ends_haveAccessModesNonblockAndOneFifoInode() {
        PipeEnd[] p = PipeEnd.create(Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC);
        assertEquals(Fcntl.O_RDONLY | Fcntl.O_NONBLOCK, p[0].statusFlags());
        assertEquals(Fcntl.O_WRONLY | Fcntl.O_NONBLOCK, p[1].statusFlags());
        assertEquals(StatMode.S_IFIFO, p[0].stat().mode() & StatMode.S_IFMT);
        assertEquals(p[0].stat().ino(), p[1].stat().ino());
        assertTrue(p[0].stat().ino() != PipeEnd.create(0)[0].stat().ino());
        assertNull(p[0].inode());
    }

    /** Guest memory for ioctl results: a map of written words. */
    private static final class Memory implements IoctlMemory {
        final Map<Long, byte[]> written = new HashMap<>();

        @Override
        public void write(long addr, byte[] data) {
            written.put(addr, data);
        }

        @Override
        public byte[] read(long addr, int length) {
            return new byte[length];
        }
    }
}
