package dev.zlx.vfs.pipe;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Siginfo;
import dev.zlx.vfs.BrokenPipe;
import dev.zlx.vfs.Fasync;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * The buffer of a pipe (fs/pipe.c): a ring of {@value #DEFAULT_CAPACITY} bytes shared by its
 * read and write ends. Writes of at most {@value #PIPE_BUF} bytes are atomic; readers block
 * while it is empty and writers exist, writers block while it is full and readers exist.
 * Guarded by its own monitor. As in fs/pipe.c, pollers of the read end wait on one queue (woken
 * by every write, as epoll wants) and pollers of the write end on another (woken when a read
 * makes room in a full pipe); closing an end wakes both.
 */
public final class Pipe {
    /** Linux's default pipe capacity: 16 pages. */
    public static final int DEFAULT_CAPACITY = 65536;
    /** POSIX PIPE_BUF: writes up to this size are never interleaved. */
    public static final int PIPE_BUF = 4096;

    /** /proc/sys/fs/pipe-max-size's default: the most an unprivileged pipe may hold. */
    public static final int MAX_SIZE_UNPRIVILEGED = 1 << 20;

    /**
     * round_pipe_size: a size as a pipe takes it, a power of two pages (at least one); 0 for
     * more than 2 GiB.
     */
    public static long roundSize(long size) {
        if (size < 0 || size > (1L << 31)) {
            return 0;
        }
        return size <= PIPE_BUF ? PIPE_BUF : Long.highestOneBit(size - 1) << 1;
    }

    private byte[] ring = new byte[DEFAULT_CAPACITY];
    private int head;
    private int size;
    private int readers;
    private int writers;
    /** How many times each end was opened (fifo_open's r_counter and w_counter). */
    private long readerOpens;
    private long writerOpens;
    private final WaitQueue readWait = new WaitQueue();
    private final WaitQueue writeWait = new WaitQueue();
    /** The ends that asked for SIGIO (pipe->fasync_readers, fasync_writers). */
    private final Fasync readFasync = new Fasync();
    private final Fasync writeFasync = new Fasync();

    /** F_GETPIPE_SZ: the capacity in bytes. */
    public synchronized int capacity() {
        return ring.length;
    }

    /**
     * F_SETPIPE_SZ (pipe_set_size): the capacity becomes bytes (already rounded to a power of two
     * pages by the caller); EBUSY if more is buffered than fits. Returns the new capacity.
     */
    public synchronized int resize(int bytes) {
        if (size > bytes) {
            throw Errno.EBUSY.exception();
        }
        byte[] grown = new byte[bytes];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, grown, 0, first);
        System.arraycopy(ring, 0, grown, first, size - first);
        ring = grown;
        head = 0;
        notifyAll();
        writeWait.wake(0);
        return bytes;
    }

    /** The queue the pollers of one end wait on. */
    WaitQueue waitQueue(boolean reader) {
        return reader ? readWait : writeWait;
    }

    /** The signal-driven I/O subscribers of one end. */
    Fasync fasync(boolean reader) {
        return reader ? readFasync : writeFasync;
    }

    synchronized void open(boolean reader) {
        if (reader) {
            readers++;
        } else {
            writers++;
        }
    }

    /** Opens a FIFO's ends as {@link PipeEnd#openFifo} describes. */
    synchronized void openFifo(boolean reads, boolean writes, boolean nonBlocking) {
        if (writes && !reads && nonBlocking && readers == 0) {
            throw Errno.ENXIO.exception();
        }
        if (reads) {
            readers++;
            readerOpens++;
        }
        if (writes) {
            writers++;
            writerOpens++;
        }
        notifyAll();
        readWait.wake(0);
        writeWait.wake(0);
        if (reads && writes || nonBlocking) {
            return;
        }
        long seen = reads ? writerOpens : readerOpens;
        try {
            while ((reads ? writers : readers) == 0 && (reads ? writerOpens : readerOpens) == seen) {
                waitInterruptibly();
            }
        } catch (RuntimeException e) {
            close(reads);
            throw e;
        }
    }

    synchronized void close(boolean reader) {
        if (reader) {
            readers--;
        } else {
            writers--;
        }
        if (readers == 0 && writers == 0) {
            // The last opener of a FIFO gone: what was not read is discarded (free_pipe_info).
            head = 0;
            size = 0;
        }
        notifyAll();
        readWait.wake(0);
        writeWait.wake(0);
        // pipe_release tells both sides.
        readFasync.notify(Siginfo.POLL_IN);
        writeFasync.notify(Siginfo.POLL_OUT);
    }

    /** pipe_poll: the read end is readable with data or without writers (POLLHUP); the write end writable while not full, POLLERR without readers. */
    synchronized int poll(boolean reader, int events) {
        int ready = 0;
        if (reader) {
            if (size > 0) {
                ready |= Poll.POLLIN | Poll.POLLRDNORM;
            }
            if (writers == 0) {
                ready |= Poll.POLLHUP;
            }
        } else {
            if (size < ring.length) {
                ready |= Poll.POLLOUT | Poll.POLLWRNORM;
            }
            if (readers == 0) {
                ready |= Poll.POLLERR;
            }
        }
        return ready & (events | Poll.POLLERR | Poll.POLLHUP);
    }

    /** Bytes waiting to be read (FIONREAD). */
    public synchronized int available() {
        return size;
    }

    synchronized int read(ByteBuffer dst, boolean nonBlocking) {
        if (!dst.hasRemaining()) {
            return 0;
        }
        while (size == 0) {
            if (writers == 0) {
                return 0;
            }
            if (nonBlocking) {
                throw Errno.EAGAIN.exception();
            }
            waitInterruptibly();
        }
        int n = peek(dst, 0);
        consume(n);
        return n;
    }

    synchronized int write(ByteBuffer src, boolean nonBlocking) {
        int total = 0;
        int wanted = src.remaining();
        while (src.hasRemaining()) {
            if (readers == 0) {
                if (total > 0) {
                    return total;
                }
                throw BrokenPipe.INSTANCE;
            }
            int free = ring.length - size;
            // A write of at most PIPE_BUF bytes waits until it fits whole.
            boolean atomic = wanted <= PIPE_BUF;
            if (free == 0 || (atomic && free < src.remaining())) {
                if (nonBlocking) {
                    if (total > 0) {
                        return total;
                    }
                    throw Errno.EAGAIN.exception();
                }
                waitInterruptibly();
                continue;
            }
            total += offer(src);
        }
        return total;
    }

    /**
     * Waits for bytes to read, as splice and tee do (splice_from_pipe_next, ipipe_prep): returns
     * how many are waiting, 0 when the pipe is empty without writers; EAGAIN if nonBlocking and
     * the wait would block.
     */
    public synchronized int awaitData(boolean nonBlocking) {
        while (size == 0) {
            if (writers == 0) {
                return 0;
            }
            if (nonBlocking) {
                throw Errno.EAGAIN.exception();
            }
            waitInterruptibly();
        }
        return size;
    }

    /**
     * Waits for room, as splice into a pipe does (wait_for_space, opipe_prep): returns the free
     * bytes; EPIPE (with SIGPIPE) without readers, EAGAIN if nonBlocking and the pipe is full.
     */
    public synchronized int awaitSpace(boolean nonBlocking) {
        while (true) {
            if (readers == 0) {
                throw BrokenPipe.INSTANCE;
            }
            if (size < ring.length) {
                return ring.length - size;
            }
            if (nonBlocking) {
                throw Errno.EAGAIN.exception();
            }
            waitInterruptibly();
        }
    }

    /** Copies the waiting bytes from skip on into dst without consuming them (tee); returns the count. */
    public synchronized int peek(ByteBuffer dst, int skip) {
        int n = Math.max(0, Math.min(dst.remaining(), size - skip));
        int from = (head + skip) % ring.length;
        int first = Math.min(n, ring.length - from);
        dst.put(ring, from, first);
        dst.put(ring, 0, n - first);
        return n;
    }

    /** Drops the first n waiting bytes, after {@link #peek} handed them on (splice). */
    public synchronized void consume(int n) {
        boolean wasFull = size == ring.length;
        head = (head + n) % ring.length;
        size -= n;
        notifyAll();
        if (wasFull && n > 0) {
            writeWait.wake(Poll.POLLOUT | Poll.POLLWRNORM);
        }
        if (n > 0) {
            writeFasync.notify(Siginfo.POLL_OUT);
        }
    }

    /**
     * Adds as many of src's bytes as fit now, without waiting (splice's fill of the free slots);
     * EPIPE without readers. Returns the count.
     */
    public synchronized int offer(ByteBuffer src) {
        if (readers == 0) {
            throw BrokenPipe.INSTANCE;
        }
        int n = Math.min(ring.length - size, src.remaining());
        int tail = (head + size) % ring.length;
        int first = Math.min(n, ring.length - tail);
        src.get(ring, tail, first);
        src.get(ring, 0, n - first);
        size += n;
        if (n > 0) {
            notifyAll();
            readWait.wake(Poll.POLLIN | Poll.POLLRDNORM);
            readFasync.notify(Siginfo.POLL_IN);
        }
        return n;
    }

    private void waitInterruptibly() {
        Interruption.await(this, 0);
    }
}
