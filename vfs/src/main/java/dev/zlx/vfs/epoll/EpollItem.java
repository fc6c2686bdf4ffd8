package dev.zlx.vfs.epoll;

import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.WaitQueue;

/**
 * One entry of an epoll interest list (Linux's struct epitem): a file description and the fd
 * it was added under, the events asked for and the data to return. It subscribes to the file's
 * wait queue and hears when the description's last reference goes.
 */
final class EpollItem implements WaitQueue.Waiter, OpenFile.ReleaseHook {
    final EventPoll epoll;
    final OpenFile file;
    final int fd;
    /** The events asked for, EPOLLERR|EPOLLHUP and the mode bits included. Written under epoll's lock. */
    volatile int events;
    /** Returned as given with every event. Written under epoll's lock. */
    volatile long data;
    /** For files polled on the host: the events seen at the last look, to find edges. Guarded by epoll's lock. */
    int lastHostEvents;
    /**
     * The wait queue it subscribed to, or null (eppoll_entry's whead): a signalfd's queue depends
     * on who asks, so the queue is remembered rather than asked for again. Guarded by epoll's lock.
     */
    WaitQueue subscribed;

    EpollItem(EventPoll epoll, OpenFile file, int fd, int events, long data) {
        this.epoll = epoll;
        this.file = file;
        this.fd = fd;
        this.events = events;
        this.data = data;
    }

    /** The events of interest that are ready now (ep_item_poll); 0 for a disarmed one-shot entry. */
    int poll() {
        int e = events;
        return file.poll(e & ~EventPoll.PRIVATE_BITS) & e;
    }

    /** ep_poll_callback: a wake for other events, or of a disarmed entry, is ignored. */
    @Override
    public void wake(int key) {
        int e = events;
        if ((e & ~EventPoll.PRIVATE_BITS) == 0 || (key != 0 && (key & e) == 0)) {
            return;
        }
        epoll.queueReady(this, true);
    }

    @Override
    public void released(OpenFile closed) {
        epoll.remove(this);
    }
}
