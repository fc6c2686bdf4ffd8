package dev.zlx.vfs.epoll;

import static dev.zlx.abi.Epoll.EPOLLERR;
import static dev.zlx.abi.Epoll.EPOLLET;
import static dev.zlx.abi.Epoll.EPOLLEXCLUSIVE;
import static dev.zlx.abi.Epoll.EPOLLHUP;
import static dev.zlx.abi.Epoll.EPOLLIN;
import static dev.zlx.abi.Epoll.EPOLLONESHOT;
import static dev.zlx.abi.Epoll.EPOLLOUT;
import static dev.zlx.abi.Epoll.EPOLLRDNORM;
import static dev.zlx.abi.Epoll.EPOLLWAKEUP;

import dev.zlx.abi.Epoll;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.AnonInodeFile;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.WaitQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An epoll instance (fs/eventpoll.c): an interest list keyed by (file description, fd) and a
 * ready list. A file's wake puts its entry on the ready list; a wait reports the entries that
 * are still ready when looked at, in ready-list order. Level-triggered entries go back on the
 * list after being reported, edge-triggered ones wait for the next wake, one-shot ones are
 * disarmed until EPOLL_CTL_MOD. An entry goes when its description's last reference does. The
 * instance is pollable itself (readable while an entry is ready), so instances nest.
 *
 * <p>Deviations: an EPOLLEXCLUSIVE entry is woken like the others (Linux wakes one or more of
 * them). Files whose readiness only the host knows ({@link OpenFile#pollsHost}) never
 * wake; they are looked at every {@value #HOST_RECHECK_MS} ms while a wait lasts, and an
 * edge-triggered one reports when events appear that the last look did not see.
 *
 * <p>Lock order: {@link #NESTING}, then {@link #lock} (outer instances before inner ones), then
 * the files' own locks, then {@link #readyLock}, which is a leaf.
 */
public final class EventPoll extends AnonInodeFile {
    /** EP_MAX_NESTS: how many instances deep a chain of nested epolls may be. */
    static final int MAX_NESTS = 4;
    /** EP_PRIVATE_BITS: the mode bits of an entry, never reported. */
    static final int PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
    /** EPOLLEXCLUSIVE_OK_BITS: what may accompany EPOLLEXCLUSIVE. */
    private static final int EXCLUSIVE_OK_BITS = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET
            | EPOLLEXCLUSIVE;
    private static final long HOST_RECHECK_MS = 10;
    /** Serialises the loop checks of nested insertions (Linux's epnested_mutex). */
    private static final Object NESTING = new Object();

    /** Held while the interest list changes or its files are polled (Linux's ep->mtx). */
    private final Object lock = new Object();
    /** The interest list. Guarded by lock. */
    private final Map<Key, EpollItem> items = new LinkedHashMap<>();
    /** Entries whose files only the host can poll. Guarded by lock. */
    private final List<EpollItem> hostItems = new ArrayList<>();
    /** Guards ready; waiters of epoll_wait wait on it (Linux's ep->lock and ep->wq). */
    private final Object readyLock = new Object();
    /** Entries that may be ready, in the order they became so (ep->rdllist). Guarded by readyLock. */
    private LinkedHashSet<EpollItem> ready = new LinkedHashSet<>();
    /** Woken when an entry becomes ready: the queue of nesting instances and of poll(2). */
    private final WaitQueue pollQueue = new WaitQueue();
    /** The instances that have this one on their interest list (for the nesting depth). */
    private final Set<EventPoll> parents = ConcurrentHashMap.newKeySet();

    /** ep_show_fdinfo: one "tfd:" line per entry, its device as the kernel's dev_t (MKDEV). */
    @Override
    public String fdinfo() {
        StringBuilder sb = new StringBuilder();
        synchronized (lock) {
            for (EpollItem item : items.values()) {
                long pos;
                try {
                    pos = item.file.seek(0, dev.zlx.abi.Fcntl.SEEK_CUR);
                } catch (RuntimeException unseekable) {
                    pos = 0;
                }
                var st = item.file.stat();
                long sdev = (dev.zlx.abi.FileStat.major(st.dev()) << 20) | dev.zlx.abi.FileStat.minor(st.dev());
                sb.append(String.format("tfd: %8d events: %8x data: %16x  pos:%d ino:%x sdev:%x\n", item.fd,
                        item.events, item.data, pos, st.ino(), sdev));
            }
        }
        return sb.toString();
    }

    /** An event to report: the ready events and the entry's data. */
    public record ReadyEvent(int events, long data) {
    }

    private record Key(OpenFile file, int fd) {
    }

    /** epoll_create1(2): a description opened read-write; close-on-exec is the descriptor's. */
    public EventPoll() {
        super(Fcntl.O_RDWR, "[eventpoll]");
    }

    /**
     * epoll_ctl(2) on epoll (the description behind epfd) for target (behind fd), after both
     * descriptors were found; checks in Linux's order: EPERM for a target without poll, EINVAL
     * for epfd == fd or an epfd that is no epoll, EINVAL for EPOLLEXCLUSIVE misuse, ELOOP,
     * then EEXIST or ENOENT, and EINVAL for an unknown op.
     */
    public static void control(OpenFile epoll, int op, OpenFile target, int fd, int events, long data) {
        if (!target.canPoll()) {
            throw Errno.EPERM.exception();
        }
        if (epoll == target || !(epoll instanceof EventPoll ep)) {
            throw Errno.EINVAL.exception();
        }
        if (op != Epoll.EPOLL_CTL_DEL && (events & EPOLLEXCLUSIVE) != 0) {
            if (op == Epoll.EPOLL_CTL_MOD) {
                throw Errno.EINVAL.exception();
            }
            if (op == Epoll.EPOLL_CTL_ADD && (target instanceof EventPoll || (events & ~EXCLUSIVE_OK_BITS) != 0)) {
                throw Errno.EINVAL.exception();
            }
        }
        if (op == Epoll.EPOLL_CTL_ADD && target instanceof EventPoll child) {
            synchronized (NESTING) {
                if (wouldLoop(ep, child)) {
                    throw Errno.ELOOP.exception();
                }
                ep.ctl(op, target, fd, events, data);
            }
            return;
        }
        ep.ctl(op, target, fd, events, data);
    }

    private void ctl(int op, OpenFile target, int fd, int events, long data) {
        synchronized (lock) {
            EpollItem item = items.get(new Key(target, fd));
            switch (op) {
                case Epoll.EPOLL_CTL_ADD -> {
                    if (item != null) {
                        throw Errno.EEXIST.exception();
                    }
                    insert(target, fd, events | EPOLLERR | EPOLLHUP, data);
                }
                case Epoll.EPOLL_CTL_DEL -> {
                    if (item == null) {
                        throw Errno.ENOENT.exception();
                    }
                    remove(item);
                }
                case Epoll.EPOLL_CTL_MOD -> {
                    if (item == null) {
                        throw Errno.ENOENT.exception();
                    }
                    if ((item.events & EPOLLEXCLUSIVE) != 0) {
                        throw Errno.EINVAL.exception();
                    }
                    item.events = events | EPOLLERR | EPOLLHUP;
                    item.data = data;
                    int now = item.poll();
                    item.lastHostEvents = now;
                    if (now != 0) {
                        queueReady(item, false);
                    }
                }
                default -> throw Errno.EINVAL.exception();
            }
        }
    }

    /** ep_insert: subscribes to the file and queues the entry if it is ready already. Caller holds lock. */
    private void insert(OpenFile target, int fd, int events, long data) {
        EpollItem item = new EpollItem(this, target, fd, events, data);
        items.put(new Key(target, fd), item);
        WaitQueue q = target.waitQueue();
        item.subscribed = q;
        if (q != null && (events & EPOLLEXCLUSIVE) != 0) {
            q.addExclusive(item);
        } else if (q != null) {
            q.add(item);
        }
        if (target.pollsHost()) {
            hostItems.add(item);
        }
        target.addReleaseHook(item);
        if (target instanceof EventPoll child) {
            child.parents.add(this);
        }
        int now = item.poll();
        item.lastHostEvents = now;
        if (now != 0) {
            queueReady(item, false);
        }
    }

    /** Takes an entry off the interest and ready lists (EPOLL_CTL_DEL, or its file's last close). */
    void remove(EpollItem item) {
        synchronized (lock) {
            if (items.remove(new Key(item.file, item.fd)) != item) {
                return;
            }
            unsubscribe(item);
            hostItems.remove(item);
            synchronized (readyLock) {
                ready.remove(item);
            }
        }
    }

    private void unsubscribe(EpollItem item) {
        WaitQueue q = item.subscribed;
        if (q != null) {
            q.remove(item);
            item.subscribed = null;
        }
        item.file.removeReleaseHook(item);
        if (item.file instanceof EventPoll child) {
            child.parents.remove(this);
        }
    }

    /**
     * Puts item on the ready list and wakes the waiters (ep_poll_callback); when the item was
     * there already, wakes only if wakeAnyway (a file's wake does, an insert or modify does not).
     */
    void queueReady(EpollItem item, boolean wakeAnyway) {
        boolean added;
        synchronized (readyLock) {
            added = ready.add(item);
            if (added || wakeAnyway) {
                readyLock.notifyAll();
            }
        }
        if (added || wakeAnyway) {
            pollQueue.wake(EPOLLIN);
        }
    }

    /**
     * epoll_wait(2): waits until an entry is ready (timeoutNanos < 0: as long as it takes) and
     * returns at most maxEvents events; empty when the time passed. EINTR when the wait is
     * interrupted with nothing to report.
     */
    public List<ReadyEvent> await(int maxEvents, long timeoutNanos) {
        long start = System.nanoTime();
        while (true) {
            boolean host = lookAtHostItems();
            List<ReadyEvent> events = sendEvents(maxEvents);
            if (!events.isEmpty()) {
                return events;
            }
            long left = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return events;
            }
            long millis = Math.max(1, Math.min(left / 1_000_000, host ? HOST_RECHECK_MS : Long.MAX_VALUE / 2));
            synchronized (readyLock) {
                if (ready.isEmpty()) {
                    Interruption.await(readyLock, millis);
                } else {
                    Interruption.current().check();
                }
            }
        }
    }

    /**
     * ep_send_events: reports the ready-list entries that are ready when polled, up to max;
     * level-triggered ones go back to the end of the list, unreported ones stay in front.
     */
    private List<ReadyEvent> sendEvents(int max) {
        List<ReadyEvent> out = new ArrayList<>();
        synchronized (lock) {
            List<EpollItem> scanned;
            synchronized (readyLock) {
                scanned = new ArrayList<>(ready);
                ready = new LinkedHashSet<>();
            }
            List<EpollItem> again = new ArrayList<>();
            int i = 0;
            for (; i < scanned.size() && out.size() < max; i++) {
                EpollItem item = scanned.get(i);
                int revents = item.poll();
                if (revents == 0) {
                    continue;
                }
                out.add(new ReadyEvent(revents, item.data));
                if ((item.events & EPOLLONESHOT) != 0) {
                    item.events &= PRIVATE_BITS;
                } else if ((item.events & EPOLLET) == 0) {
                    again.add(item);
                }
            }
            synchronized (readyLock) {
                LinkedHashSet<EpollItem> next = new LinkedHashSet<>(scanned.subList(i, scanned.size()));
                next.addAll(ready);
                next.addAll(again);
                ready = next;
            }
        }
        return out;
    }

    /** Queues the host-polled entries that are ready (level) or newly ready (edge); whether there are any. */
    private boolean lookAtHostItems() {
        synchronized (lock) {
            for (EpollItem item : hostItems) {
                int now = item.poll();
                int fresh = now & ~item.lastHostEvents;
                item.lastHostEvents = now;
                if ((item.events & EPOLLET) == 0 ? now != 0 : fresh != 0) {
                    queueReady(item, false);
                }
            }
            return !hostItems.isEmpty();
        }
    }

    /**
     * ep_eventpoll_poll: readable (EPOLLIN|EPOLLRDNORM) while an entry on the ready list is
     * ready; entries found not ready leave the list.
     */
    @Override
    public int poll(int events) {
        lookAtHostItems();
        synchronized (lock) {
            List<EpollItem> queued;
            synchronized (readyLock) {
                queued = new ArrayList<>(ready);
            }
            for (EpollItem item : queued) {
                if (item.poll() != 0) {
                    return (EPOLLIN | EPOLLRDNORM) & events;
                }
                synchronized (readyLock) {
                    ready.remove(item);
                }
            }
        }
        return 0;
    }

    @Override
    public WaitQueue waitQueue() {
        return pollQueue;
    }

    /**
     * ep_loop_check: adding child to ep loops when ep is reachable from child, or nests too deep:
     * the depth below child, plus one, plus the depth above ep, may be at most MAX_NESTS.
     * Caller holds NESTING.
     */
    private static boolean wouldLoop(EventPoll ep, EventPoll child) {
        int below = depthBelow(child, ep, 0);
        return below > MAX_NESTS || below + 1 + depthAbove(ep) > MAX_NESTS;
    }

    private static int depthBelow(EventPoll from, EventPoll inserting, int depth) {
        int result = 0;
        for (EventPoll next : from.nestedInstances()) {
            if (next == inserting || depth > MAX_NESTS) {
                result = MAX_NESTS + 1;
            } else {
                result = Math.max(result, depthBelow(next, inserting, depth + 1) + 1);
            }
            if (result > MAX_NESTS) {
                break;
            }
        }
        return result;
    }

    private static int depthAbove(EventPoll ep) {
        int result = 0;
        for (EventPoll parent : ep.parents) {
            result = Math.max(result, depthAbove(parent) + 1);
        }
        return result;
    }

    private List<EventPoll> nestedInstances() {
        synchronized (lock) {
            List<EventPoll> nested = new ArrayList<>();
            for (Key k : items.keySet()) {
                if (k.file() instanceof EventPoll child) {
                    nested.add(child);
                }
            }
            return nested;
        }
    }

    /** ep_free: every entry unsubscribes from its file. */
    @Override
    protected void release() {
        synchronized (lock) {
            for (EpollItem item : items.values()) {
                unsubscribe(item);
            }
            items.clear();
            hostItems.clear();
            synchronized (readyLock) {
                ready.clear();
            }
        }
    }
}
