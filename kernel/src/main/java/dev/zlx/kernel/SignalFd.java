package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signalfd;
import dev.zlx.abi.Signals;
import dev.zlx.vfs.AnonInodeFile;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * A signalfd (fs/signalfd.c): reading it takes pending signals of its mask from the reading
 * thread (its own signals first, then the process's) and returns them as signalfd_siginfo
 * records, instead of delivering them. Like Linux it has no signals of its own: whoever reads or
 * polls it sees the signals pending for itself, so after fork the child reads the child's.
 */
public final class SignalFd extends AnonInodeFile {
    /** SIGKILL and SIGSTOP are never taken through a signalfd. */
    private static final long UNTAKEABLE = Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP);

    /** The process that created it: whose signals a poll outside a guest thread looks at. */
    private final Process creator;
    private volatile long mask;

    /** signalfd4 with a new descriptor: flags checked, SFD_NONBLOCK becomes O_NONBLOCK. */
    public SignalFd(Process creator, long mask, int flags) {
        super(Fcntl.O_RDWR | (flags & Signalfd.SFD_NONBLOCK), "[signalfd]");
        this.creator = creator;
        this.mask = mask & ~UNTAKEABLE;
    }

    /** The signals this signalfd takes. */
    /** signalfd_show_fdinfo: the mask as render_sigset_t prints it. */
    @Override
    public String fdinfo() {
        return String.format("sigmask:\t%016x\n", mask);
    }

    public long mask() {
        return mask;
    }

    /** signalfd4 on an existing signalfd: replaces the mask; waiters look again. */
    public void setMask(long newMask) {
        this.mask = newMask & ~UNTAKEABLE;
        waitQueue().wake(Poll.POLLIN);
    }

    /**
     * read(2): as many whole records as fit (EINVAL for a buffer smaller than one); waits for
     * the first unless O_NONBLOCK (EAGAIN), never for the following ones.
     */
    @Override
    public int read(ByteBuffer dst) {
        int count = dst.remaining() / Signalfd.SIGINFO_SIZE;
        if (count == 0) {
            throw Errno.EINVAL.exception();
        }
        Task t = Task.current();
        int done = 0;
        for (; done < count; done++) {
            Siginfo info = done == 0 ? takeFirst(t) : t.dequeueFrom(mask);
            if (info == null) {
                break;
            }
            dst.put(Signalfd.encode(info));
        }
        return done * Signalfd.SIGINFO_SIZE;
    }

    private Siginfo takeFirst(Task t) {
        Siginfo info = t.dequeueFrom(mask);
        if (info != null) {
            return info;
        }
        if ((statusFlags() & Fcntl.O_NONBLOCK) != 0) {
            throw Errno.EAGAIN.exception();
        }
        Object monitor = new Object();
        WaitQueue.Waiter waiter = key -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        };
        WaitQueue queue = t.process().signalfdWaitQueue();
        queue.add(waiter);
        try {
            while (true) {
                synchronized (monitor) {
                    info = t.dequeueFrom(mask);
                    if (info != null) {
                        return info;
                    }
                    Interruption.await(monitor, 0);
                }
            }
        } finally {
            queue.remove(waiter);
        }
    }

    /** signalfd_poll: readable while a signal of the mask is pending for the polling thread. */
    @Override
    public int poll(int events) {
        Task t = Task.current();
        long pending = t != null ? t.pending() : creator.sharedPending().pending();
        return ((pending & mask) != 0 ? Poll.POLLIN : 0) & (events | Poll.POLLERR | Poll.POLLHUP);
    }

    /** The signal wait queue of the caller's process (the creator's outside a guest thread). */
    @Override
    public WaitQueue waitQueue() {
        Task t = Task.current();
        return (t != null ? t.process() : creator).signalfdWaitQueue();
    }
}
