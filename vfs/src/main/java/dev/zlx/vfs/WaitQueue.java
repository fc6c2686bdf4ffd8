package dev.zlx.vfs;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A file's wait queue (Linux's wait_queue_head_t as poll uses it): a file wakes it when its
 * readiness may have changed, with the events concerned as the key (0: any), and every
 * subscriber (an epoll interest entry) hears of it. Each wake also tells poll(2) and select(2)
 * through {@link Readiness}. Subscribers are called on the waking thread, perhaps under the
 * file's own lock, so they must only take leaf locks.
 */
public final class WaitQueue {
    /** A subscriber of a wait queue (Linux's wait_queue_entry with its callback). */
    @FunctionalInterface
    public interface Waiter {
        /** The file may have become ready for key's events (0: for any event). */
        void wake(int key);
    }

    private final CopyOnWriteArrayList<Waiter> waiters = new CopyOnWriteArrayList<>();

    /** Subscribes waiter ahead of the others, as add_wait_queue does (the newest is woken first). */
    public void add(Waiter waiter) {
        waiters.add(0, waiter);
    }

    /** Subscribes waiter behind the others (add_wait_queue_exclusive, for EPOLLEXCLUSIVE). */
    public void addExclusive(Waiter waiter) {
        waiters.add(waiter);
    }

    /** Unsubscribes waiter (remove_wait_queue). */
    public void remove(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** Wakes every subscriber with key (wake_up_poll) and the waiters of poll and select. */
    public void wake(int key) {
        for (Waiter w : waiters) {
            w.wake(key);
        }
        Readiness.changed();
    }
}
