package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Epoll;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Signals;
import dev.zlx.abi.StatLayout;
import dev.zlx.kernel.ExitStatus;
import org.junit.jupiter.api.Test;

/** epoll through the dispatcher; {@link EpollSyscallsAarch64Test} runs the same on aarch64. */
class EpollSyscallsTest extends HandlerTestBase {

    /** pipe2 into guest memory; returns {read fd, write fd}. */
    int[] pipe() {
        long fds = guest.alloc(8);
        assertEquals(0, sys("pipe2", fds, 0));
        return new int[] {guest.space().readInt(fds), guest.space().readInt(fds + 4)};
    }

    long event(int events, long data) {
        byte[] b = new byte[Epoll.eventSize(arch())];
        Epoll.writeEvent(arch(), b, 0, events, data);
        return guest.put(b);
    }

    long ctl(int epfd, int op, int fd, int events, long data) {
        return sys("epoll_ctl", epfd, op, fd, event(events, data));
    }

    /** epoll_pwait with no mask (epoll_wait does not exist on aarch64). */
    long pwait(int epfd, long events, int max, int timeout) {
        return sys("epoll_pwait", epfd, events, max, timeout, 0, 8);
    }

    @Test
    void epollCreate_sizeMustBePositive() {
        assumeTrue(arch() == Arch.X86_64, "aarch64 has only epoll_create1");
        assertEquals(err(Errno.EINVAL), sys("epoll_create", 0));
        assertTrue(sys("epoll_create", 1) >= 0);
    }

    @Test
    void epollCreate1_cloexecOnly() {
        assertEquals(err(Errno.EINVAL), sys("epoll_create1", Fcntl.O_NONBLOCK));
        long fd = sys("epoll_create1", Epoll.EPOLL_CLOEXEC);
        assertEquals(Fcntl.FD_CLOEXEC, sys("fcntl", fd, Fcntl.F_GETFD));
        assertEquals(Fcntl.O_RDWR, sys("fcntl", fd, Fcntl.F_GETFL));
    }

    @Test
    void epollFd_isAnAnonymousInode() {
        long fd = sys("epoll_create1", 0);
        long st = guest.alloc(StatLayout.size(arch()));
        assertEquals(0, sys("fstat", fd, st));
        assertEquals(0600, StatLayout.decode(arch(), guest.read(st, StatLayout.size(arch()))).mode());
        assertEquals(err(Errno.EINVAL), sys("read", fd, guest.alloc(8), 8));
    }

    @Test
    void waitReportsTheEventInTheArchLayout() {
        int[] p = pipe();
        int ep = (int) sys("epoll_create1", 0);
        assertEquals(0, ctl(ep, Epoll.EPOLL_CTL_ADD, p[0], Epoll.EPOLLIN, 0x1122334455667788L));
        assertEquals(1, sys("write", p[1], guest.putString("x"), 1));
        int size = Epoll.eventSize(arch());
        long out = guest.alloc(4 * size);
        assertEquals(1, pwait(ep, out, 4, -1));
        byte[] b = guest.read(out, size);
        assertEquals(Epoll.EPOLLIN, Epoll.events(b, 0));
        assertEquals(0x1122334455667788L, Epoll.data(arch(), b, 0));
    }

    @Test
    void ctl_errnos() {
        int[] p = pipe();
        int ep = (int) sys("epoll_create1", 0);
        assertEquals(err(Errno.EBADF), ctl(99, Epoll.EPOLL_CTL_ADD, p[0], Epoll.EPOLLIN, 0));
        assertEquals(err(Errno.EBADF), ctl(ep, Epoll.EPOLL_CTL_ADD, 99, Epoll.EPOLLIN, 0));
        assertEquals(err(Errno.EINVAL), ctl(p[1], Epoll.EPOLL_CTL_ADD, p[0], Epoll.EPOLLIN, 0));
        assertEquals(err(Errno.EINVAL), ctl(ep, Epoll.EPOLL_CTL_ADD, ep, Epoll.EPOLLIN, 0));
        assertEquals(err(Errno.EFAULT), sys("epoll_ctl", ep, Epoll.EPOLL_CTL_ADD, p[0], 0xdead_0000L));
        assertEquals(err(Errno.ENOENT), sys("epoll_ctl", ep, Epoll.EPOLL_CTL_DEL, p[0], 0xdead_0000L));
        int dir = openOk("/", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
        assertEquals(err(Errno.EPERM), ctl(ep, Epoll.EPOLL_CTL_ADD, dir, Epoll.EPOLLIN, 0));
    }

    @Test
    void wait_errnos() {
        int ep = (int) sys("epoll_create1", 0);
        int[] p = pipe();
        long out = guest.alloc(64);
        assertEquals(err(Errno.EINVAL), pwait(ep, out, 0, 0));
        assertEquals(err(Errno.EINVAL), pwait(ep, out, -1, 0));
        assertEquals(err(Errno.EBADF), pwait(99, out, 1, 0));
        assertEquals(err(Errno.EINVAL), pwait(p[0], out, 1, 0));
        assertEquals(0, pwait(ep, out, 1, 0));
        assertEquals(err(Errno.EINVAL), sys("epoll_pwait", ep, out, 1, 0, guest.alloc(8), 4));
    }

    @Test
    void pwait2_timespec() {
        int ep = (int) sys("epoll_create1", 0);
        long out = guest.alloc(64);
        long ts = guest.alloc(16);
        guest.space().writeLong(ts, 0);
        guest.space().writeLong(ts + 8, 1_000_000_000L);
        assertEquals(err(Errno.EINVAL), sys("epoll_pwait2", ep, out, 1, ts, 0, 8));
        guest.space().writeLong(ts + 8, 1_000_000L);
        assertEquals(0, sys("epoll_pwait2", ep, out, 1, ts, 0, 8));
    }

    @Test
    void pwait_maskIsPutBackAfterTheCall() {
        long mask = guest.alloc(8);
        guest.space().writeLong(mask, -1L);
        int ep = (int) sys("epoll_create1", 0);
        assertEquals(0, sys("epoll_pwait", ep, guest.alloc(64), 1, 0, mask, 8));
        assertEquals(0, guest.task().signalMask());
    }

    @Test
    void pwait_maskUnblocksAPendingSignal_itEndsTheWait() {
        long set = guest.alloc(8);
        guest.space().writeLong(set, Signals.maskBit(Signals.SIGTERM));
        sys("rt_sigprocmask", Signals.SIG_BLOCK, set, 0, 8);
        assertEquals(0, sys("kill", guest.process().pid(), Signals.SIGTERM));
        assertNull(guest.process().exitStatus());
        int ep = (int) sys("epoll_create1", 0);
        long empty = guest.alloc(8);
        sys("epoll_pwait", ep, guest.alloc(64), 1, 10_000, empty, 8);
        assertEquals(ExitStatus.killed(Signals.SIGTERM, false), guest.process().exitStatus());
    }
}
