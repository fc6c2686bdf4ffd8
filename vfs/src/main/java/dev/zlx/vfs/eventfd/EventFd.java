package dev.zlx.vfs.eventfd;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Eventfd;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Poll;
import dev.zlx.vfs.AnonInodeFile;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * An eventfd (fs/eventfd.c): a u64 counter. read(2) takes it whole (or 1 in semaphore mode) and
 * waits while it is 0; write(2) adds to it and waits while the sum would pass
 * {@link Eventfd#COUNTER_MAX}. Both move exactly 8 bytes, EINVAL for shorter buffers. Guarded by
 * its own monitor.
 */
public final class EventFd extends AnonInodeFile {
    private static final long ULLONG_MAX = -1L;

    private final boolean semaphore;
    private final WaitQueue waitQueue = new WaitQueue();
    private long count;

    /** eventfd2(initval, flags) with canonical flags already checked: EFD_NONBLOCK becomes O_NONBLOCK. */
    public EventFd(long initialValue, int flags) {
        super(Fcntl.O_RDWR | (flags & Eventfd.EFD_NONBLOCK), "[eventfd]");
        this.semaphore = (flags & Eventfd.EFD_SEMAPHORE) != 0;
        this.count = initialValue;
    }

    /** eventfd_show_fdinfo (without eventfd-id: zlx numbers no eventfds). */
    @Override
    public synchronized String fdinfo() {
        return String.format("eventfd-count: %16x\neventfd-semaphore: %d\n", count, semaphore ? 1 : 0);
    }

    private boolean nonBlocking() {
        return (statusFlags() & Fcntl.O_NONBLOCK) != 0;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (dst.remaining() < Eventfd.VALUE_SIZE) {
            throw Errno.EINVAL.exception();
        }
        long value;
        synchronized (this) {
            while (count == 0) {
                if (nonBlocking()) {
                    throw Errno.EAGAIN.exception();
                }
                Interruption.await(this, 0);
            }
            value = semaphore ? 1 : count;
            count -= value;
            notifyAll();
            waitQueue.wake(Poll.POLLOUT);
        }
        putLittleEndian(dst, value);
        return Eventfd.VALUE_SIZE;
    }

    @Override
    public int write(ByteBuffer src) {
        if (src.remaining() < Eventfd.VALUE_SIZE) {
            throw Errno.EINVAL.exception();
        }
        long value = getLittleEndian(src);
        if (value == ULLONG_MAX) {
            throw Errno.EINVAL.exception();
        }
        synchronized (this) {
            // Room while ULLONG_MAX - count > value (unsigned): count stays at most COUNTER_MAX.
            while (Long.compareUnsigned(ULLONG_MAX - count, value) <= 0) {
                if (nonBlocking()) {
                    throw Errno.EAGAIN.exception();
                }
                Interruption.await(this, 0);
            }
            count += value;
            notifyAll();
            waitQueue.wake(Poll.POLLIN);
        }
        return Eventfd.VALUE_SIZE;
    }

    /** eventfd_poll: readable while the counter is not 0, writable while 1 more fits; no *NORM bits. */
    @Override
    public synchronized int poll(int events) {
        int ready = 0;
        if (count != 0) {
            ready |= Poll.POLLIN;
        }
        if (count == ULLONG_MAX) {
            ready |= Poll.POLLERR;
        }
        if (Long.compareUnsigned(ULLONG_MAX - 1, count) > 0) {
            ready |= Poll.POLLOUT;
        }
        return ready & (events | Poll.POLLERR | Poll.POLLHUP);
    }

    @Override
    public WaitQueue waitQueue() {
        return waitQueue;
    }

    /** The counter now (for tests and /proc/PID/fdinfo). */
    public synchronized long count() {
        return count;
    }

    private static void putLittleEndian(ByteBuffer dst, long v) {
        for (int i = 0; i < Eventfd.VALUE_SIZE; i++) {
            dst.put((byte) (v >>> (8 * i)));
        }
    }

    private static long getLittleEndian(ByteBuffer src) {
        long v = 0;
        for (int i = 0; i < Eventfd.VALUE_SIZE; i++) {
            v |= (src.get() & 0xffL) << (8 * i);
        }
        return v;
    }
}
