package dev.zlx.vfs.eventfd;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Eventfd;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Poll;
import dev.zlx.vfs.Interruption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** eventfd counters (fs/eventfd.c semantics). */
class EventFdTest {
    private static ByteBuffer u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
    }

    private static long read(EventFd e) {
        ByteBuffer b = ByteBuffer.allocate(8);
        assertEquals(8, e.read(b));
        return b.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    @Test
    void read_takesTheWholeCounter() {
        EventFd e = new EventFd(3, 0);
        assertEquals(8, e.write(u64(4)));
        assertEquals(7, read(e));
        assertEquals(0, e.count());
    }

    @Test
    void semaphore_readTakesOne() {
        EventFd e = new EventFd(2, Eventfd.EFD_SEMAPHORE | Eventfd.EFD_NONBLOCK);
        assertEquals(1, read(e));
        assertEquals(1, read(e));
        errno(Errno.EAGAIN, () -> e.read(ByteBuffer.allocate(8)));
    }

    @Test
    void shortBuffers_EINVAL() {
        EventFd e = new EventFd(1, 0);
        errno(Errno.EINVAL, () -> e.read(ByteBuffer.allocate(7)));
        errno(Errno.EINVAL, () -> e.write(ByteBuffer.allocate(4)));
        assertEquals(1, e.count());
    }

    @Test
    void write_allOnes_EINVAL() {
        errno(Errno.EINVAL, () -> new EventFd(0, 0).write(u64(-1L)));
    }

    @Test
    void write_pastTheCeiling_EAGAINWhenNonblocking() {
        EventFd e = new EventFd(0, Eventfd.EFD_NONBLOCK);
        assertEquals(8, e.write(u64(Eventfd.COUNTER_MAX)));
        assertEquals(Poll.POLLIN, e.poll(Poll.POLLIN | Poll.POLLOUT));
        errno(Errno.EAGAIN, () -> e.write(u64(1)));
        assertEquals(8, e.write(u64(0)));
        assertEquals(Eventfd.COUNTER_MAX, read(e));
        assertEquals(Poll.POLLOUT, e.poll(Poll.POLLIN | Poll.POLLOUT | Poll.POLLRDNORM | Poll.POLLWRNORM));
    }

    @Test
    void statusFlags_nonblockFromTheFlags() {
        assertEquals(Fcntl.O_RDWR | Fcntl.O_NONBLOCK, new EventFd(0, Eventfd.EFD_NONBLOCK).statusFlags());
        assertEquals(Fcntl.O_RDWR, new EventFd(0, Eventfd.EFD_CLOEXEC).statusFlags());
    }

    @Test
    void blockingRead_wokenByAWrite() throws Exception {
        EventFd e = new EventFd(0, 0);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> read(e));
        Thread.sleep(50);
        assertFalse(reader.isDone());
        e.write(u64(5));
        assertEquals(5, reader.get(5, TimeUnit.SECONDS));
    }

    @Test
    void blockingWrite_wokenByARead() throws Exception {
        EventFd e = new EventFd(0, 0);
        e.write(u64(Eventfd.COUNTER_MAX - 1));
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> e.write(u64(2)));
        Thread.sleep(50);
        assertFalse(writer.isDone());
        assertEquals(Eventfd.COUNTER_MAX - 1, read(e));
        assertEquals(8, writer.get(5, TimeUnit.SECONDS));
        assertEquals(2, e.count());
    }

    @Test
    void blockingRead_interrupted_EINTR() throws Exception {
        EventFd e = new EventFd(0, 0);
        Interruption[] mine = new Interruption[1];
        CompletableFuture<Errno> reader = CompletableFuture.supplyAsync(() -> {
            mine[0] = Interruption.current();
            try {
                e.read(ByteBuffer.allocate(8));
                return null;
            } catch (dev.zlx.abi.LinuxException x) {
                return x.errno();
            }
        });
        Thread.sleep(50);
        mine[0].request();
        assertEquals(Errno.EINTR, reader.get(5, TimeUnit.SECONDS));
    }

    @Test
    void writesAndReads_wakeTheWaitQueue() {
        EventFd e = new EventFd(0, 0);
        int[] keys = new int[2];
        int[] n = {0};
        e.waitQueue().add(key -> keys[n[0]++] = key);
        e.write(u64(1));
        read(e);
        assertEquals(2, n[0]);
        assertEquals(Poll.POLLIN, keys[0]);
        assertEquals(Poll.POLLOUT, keys[1]);
        assertTrue(e.canPoll());
    }
}
