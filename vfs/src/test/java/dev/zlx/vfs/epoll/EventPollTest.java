package dev.zlx.vfs.epoll;

import static dev.zlx.abi.Epoll.EPOLLERR;
import static dev.zlx.abi.Epoll.EPOLLET;
import static dev.zlx.abi.Epoll.EPOLLEXCLUSIVE;
import static dev.zlx.abi.Epoll.EPOLLHUP;
import static dev.zlx.abi.Epoll.EPOLLIN;
import static dev.zlx.abi.Epoll.EPOLLONESHOT;
import static dev.zlx.abi.Epoll.EPOLLOUT;
import static dev.zlx.abi.Epoll.EPOLLRDNORM;
import static dev.zlx.abi.Epoll.EPOLL_CTL_ADD;
import static dev.zlx.abi.Epoll.EPOLL_CTL_DEL;
import static dev.zlx.abi.Epoll.EPOLL_CTL_MOD;
import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Poll;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.eventfd.EventFd;
import dev.zlx.vfs.epoll.EventPoll.ReadyEvent;
import dev.zlx.vfs.pipe.PipeEnd;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** epoll instances (fs/eventpoll.c semantics) over pipes, eventfds and each other. */
class EventPollTest {
    private final EventPoll ep = new EventPoll();
    private final PipeEnd[] pipe = PipeEnd.create(0);

    private static void write(OpenFile f, String s) {
        f.write(ByteBuffer.wrap(s.getBytes()));
    }

    private static void drain(OpenFile f) {
        f.read(ByteBuffer.allocate(65536));
    }

    private static void add(EventPoll ep, OpenFile f, int fd, int events) {
        EventPoll.control(ep, EPOLL_CTL_ADD, f, fd, events, 100 + fd);
    }

    private List<ReadyEvent> now() {
        return ep.await(16, 0);
    }

    private static ReadyEvent event(int events, long data) {
        return new ReadyEvent(events, data);
    }

    @Test
    void levelTriggered_reportsWhileReady() {
        add(ep, pipe[0], 3, EPOLLIN);
        assertEquals(List.of(), now());
        write(pipe[1], "x");
        assertEquals(List.of(event(EPOLLIN, 103)), now());
        assertEquals(List.of(event(EPOLLIN, 103)), now());
        drain(pipe[0]);
        assertEquals(List.of(), now());
    }

    @Test
    void edgeTriggered_reportsOncePerWrite() {
        add(ep, pipe[0], 3, EPOLLIN | EPOLLET);
        write(pipe[1], "x");
        assertEquals(List.of(event(EPOLLIN, 103)), now());
        assertEquals(List.of(), now());
        write(pipe[1], "y");
        assertEquals(List.of(event(EPOLLIN, 103)), now());
    }

    @Test
    void edgeTriggered_readyAtAdd_reportedOnce() {
        write(pipe[1], "x");
        add(ep, pipe[0], 3, EPOLLIN | EPOLLET);
        assertEquals(List.of(event(EPOLLIN, 103)), now());
        assertEquals(List.of(), now());
    }

    @Test
    void oneShot_disarmedUntilModified() {
        add(ep, pipe[0], 3, EPOLLIN | EPOLLONESHOT);
        write(pipe[1], "x");
        assertEquals(List.of(event(EPOLLIN, 103)), now());
        write(pipe[1], "y");
        assertEquals(List.of(), now());
        EventPoll.control(ep, EPOLL_CTL_MOD, pipe[0], 3, EPOLLIN | EPOLLRDNORM, 7);
        assertEquals(List.of(event(EPOLLIN | EPOLLRDNORM, 7)), now());
    }

    @Test
    void hangUp_reportedWithoutBeingAsked() {
        add(ep, pipe[0], 3, 0);
        pipe[1].close();
        assertEquals(List.of(event(EPOLLHUP, 103)), now());
    }

    @Test
    void maxEvents_levelTriggeredEntriesTakeTurns() {
        EventFd[] e = {new EventFd(1, 0), new EventFd(1, 0), new EventFd(1, 0)};
        for (int i = 0; i < 3; i++) {
            add(ep, e[i], i, EPOLLIN);
        }
        assertEquals(List.of(event(EPOLLIN, 100), event(EPOLLIN, 101)), ep.await(2, 0));
        assertEquals(List.of(event(EPOLLIN, 102), event(EPOLLIN, 100)), ep.await(2, 0));
    }

    @Test
    void ctl_errorsInLinuxOrder() {
        OpenFile regular = new OpenFile(0) {
            @Override
            public Inode inode() {
                return null;
            }
        };
        errno(Errno.EPERM, () -> add(ep, regular, 5, EPOLLIN));
        errno(Errno.EINVAL, () -> add(ep, ep, 5, EPOLLIN));
        errno(Errno.EINVAL, () -> EventPoll.control(pipe[1], EPOLL_CTL_ADD, pipe[0], 3, EPOLLIN, 0));
        errno(Errno.ENOENT, () -> EventPoll.control(ep, EPOLL_CTL_DEL, pipe[0], 3, 0, 0));
        errno(Errno.ENOENT, () -> EventPoll.control(ep, EPOLL_CTL_MOD, pipe[0], 3, EPOLLIN, 0));
        add(ep, pipe[0], 3, EPOLLIN);
        errno(Errno.EEXIST, () -> add(ep, pipe[0], 3, EPOLLIN));
        errno(Errno.EINVAL, () -> EventPoll.control(ep, 4, pipe[0], 3, EPOLLIN, 0));
        add(ep, pipe[0], 4, EPOLLIN);
        EventPoll.control(ep, EPOLL_CTL_DEL, pipe[0], 3, 0, 0);
        errno(Errno.ENOENT, () -> EventPoll.control(ep, EPOLL_CTL_DEL, pipe[0], 3, 0, 0));
    }

    @Test
    void exclusive_onlyOnAddAndWithPlainEvents() {
        errno(Errno.EINVAL, () -> add(ep, pipe[0], 3, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT));
        errno(Errno.EINVAL, () -> add(ep, new EventPoll(), 4, EPOLLIN | EPOLLEXCLUSIVE));
        errno(Errno.EINVAL, () -> EventPoll.control(ep, EPOLL_CTL_MOD, pipe[0], 3, EPOLLIN | EPOLLEXCLUSIVE, 0));
        add(ep, pipe[0], 3, EPOLLIN | EPOLLEXCLUSIVE | EPOLLET);
        errno(Errno.EINVAL, () -> EventPoll.control(ep, EPOLL_CTL_MOD, pipe[0], 3, EPOLLIN, 0));
        write(pipe[1], "x");
        assertEquals(List.of(event(EPOLLIN, 103)), now());
    }

    @Test
    void entriesKeyOnDescriptionAndFd_andGoAtTheLastClose() {
        add(ep, pipe[0], 3, EPOLLIN);
        add(ep, pipe[0].retain(), 4, EPOLLIN);
        write(pipe[1], "x");
        // The newest subscriber is woken first, so its entry is ready first (add_wait_queue).
        assertEquals(List.of(event(EPOLLIN, 104), event(EPOLLIN, 103)), now());
        pipe[0].close();
        assertEquals(2, now().size(), "one descriptor of two closed: both entries stay");
        pipe[0].close();
        assertEquals(List.of(), now());
    }

    @Test
    void nested_innerReadyMakesOuterReadable() {
        EventPoll outer = new EventPoll();
        add(ep, pipe[0], 3, EPOLLIN);
        add(outer, ep, 9, EPOLLIN);
        assertEquals(List.of(), outer.await(4, 0));
        assertEquals(0, ep.poll(Poll.POLLIN));
        write(pipe[1], "x");
        assertEquals(List.of(event(EPOLLIN, 109)), outer.await(4, 0));
        assertEquals(Poll.POLLIN | Poll.POLLRDNORM, ep.poll(Poll.POLLIN | Poll.POLLRDNORM | Poll.POLLOUT));
    }

    @Test
    void nested_loopsAndTooDeepChains_ELOOP() {
        EventPoll outer = new EventPoll();
        add(outer, ep, 1, EPOLLIN);
        errno(Errno.ELOOP, () -> add(ep, outer, 2, EPOLLIN));
        EventPoll[] chain = new EventPoll[6];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = new EventPoll();
        }
        for (int i = 0; i < 4; i++) {
            add(chain[i + 1], chain[i], i, EPOLLIN);
        }
        errno(Errno.ELOOP, () -> add(chain[5], chain[4], 4, EPOLLIN));
    }

    @Test
    void await_blocksUntilAWrite() throws Exception {
        add(ep, pipe[0], 3, EPOLLIN | EPOLLET);
        CompletableFuture<List<ReadyEvent>> waiter = CompletableFuture.supplyAsync(() -> ep.await(4, -1));
        Thread.sleep(50);
        assertTrue(!waiter.isDone());
        write(pipe[1], "x");
        assertEquals(List.of(event(EPOLLIN, 103)), waiter.get(5, TimeUnit.SECONDS));
    }

    @Test
    void await_timesOut() {
        add(ep, pipe[0], 3, EPOLLIN);
        long start = System.nanoTime();
        assertEquals(List.of(), ep.await(4, 30_000_000));
        assertTrue(System.nanoTime() - start >= 30_000_000);
    }

    @Test
    void await_interrupted_EINTR() throws Exception {
        Interruption[] mine = new Interruption[1];
        CompletableFuture<Errno> waiter = CompletableFuture.supplyAsync(() -> {
            mine[0] = Interruption.current();
            try {
                ep.await(4, -1);
                return null;
            } catch (dev.zlx.abi.LinuxException x) {
                return x.errno();
            }
        });
        Thread.sleep(50);
        mine[0].request();
        assertEquals(Errno.EINTR, waiter.get(5, TimeUnit.SECONDS));
    }

    @Test
    void writeEnd_outAndErrWithoutReaders() {
        add(ep, pipe[1], 4, EPOLLOUT);
        assertEquals(List.of(event(EPOLLOUT, 104)), now());
        pipe[0].close();
        assertEquals(List.of(event(EPOLLOUT | EPOLLERR, 104)), now());
    }

    @Test
    void release_unsubscribesFromTheFiles() {
        add(ep, pipe[0], 3, EPOLLIN);
        ep.close();
        write(pipe[1], "x");
        assertEquals(List.of(), ep.await(4, 0));
    }
}
