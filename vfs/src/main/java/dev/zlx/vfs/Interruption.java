package dev.zlx.vfs;

import dev.zlx.abi.Errno;

/**
 * How a blocking wait in the kernel learns that its task must stop waiting (a signal to take,
 * the process ending): the task's interruption is requested, which wakes the wait it registered
 * and makes it end with EINTR. Host threads are never Thread.interrupt()ed, because that would
 * close the host file channels they might be using.
 */
public final class Interruption {
    private static final ThreadLocal<Interruption> CURRENT = ThreadLocal.withInitial(Interruption::new);

    private volatile boolean requested;
    private volatile Runnable waker;
    /** Where this thread's waits are counted (its kernel's context switches), or null. */
    private volatile java.util.concurrent.atomic.LongAdder waits;

    /** The interruption state of the calling host thread. */
    public static Interruption current() {
        return CURRENT.get();
    }

    /** Asks the thread to stop waiting: sets the flag and wakes the wait it is in, if any. */
    public void request() {
        requested = true;
        Runnable w = waker;
        if (w != null) {
            w.run();
        }
    }

    /** Forgets a request (the signal was taken). */
    public void clear() {
        requested = false;
    }

    /** Throws EINTR when a request is pending; a wait calls this before and after sleeping. */
    public void check() {
        if (requested) {
            throw Errno.EINTR.exception();
        }
    }

    /** Counts each wait this thread enters in counter: a task that sleeps gives up its CPU. */
    public void countWaitsIn(java.util.concurrent.atomic.LongAdder counter) {
        this.waits = counter;
    }

    /** Registers how to wake the wait that follows (e.g. notifyAll on its monitor). */
    public void enter(Runnable wake) {
        this.waker = wake;
        var counter = waits;
        if (counter != null) {
            counter.increment();
        }
    }

    /** Whether the thread is in a wait now (for /proc's S state). */
    public boolean waiting() {
        return waker != null;
    }

    /** Unregisters the wait. */
    public void exit() {
        this.waker = null;
    }

    /** Waits on monitor (which the caller holds) for at most millis (0: no limit), interruptibly. */
    public static void await(Object monitor, long millis) {
        Interruption i = current();
        i.check();
        i.enter(() -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        });
        try {
            monitor.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errno.EINTR.exception();
        } finally {
            i.exit();
        }
        i.check();
    }
}
