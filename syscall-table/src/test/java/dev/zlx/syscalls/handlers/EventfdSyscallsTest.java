package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Epoll;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Eventfd;
import dev.zlx.abi.Fcntl;
import org.junit.jupiter.api.Test;

class EventfdSyscallsTest extends HandlerTestBase {
    long u64(long v) {
        long a = guest.alloc(8);
        guest.space().writeLong(a, v);
        return a;
    }

    @Test
    void eventfd2_flags() {
        assertEquals(err(Errno.EINVAL), sys("eventfd2", 0, Fcntl.O_APPEND));
        long fd = sys("eventfd2", 0, Eventfd.EFD_CLOEXEC | Eventfd.EFD_NONBLOCK);
        assertEquals(Fcntl.FD_CLOEXEC, sys("fcntl", fd, Fcntl.F_GETFD));
        assertEquals(Fcntl.O_RDWR | Fcntl.O_NONBLOCK, sys("fcntl", fd, Fcntl.F_GETFL));
        assertEquals(err(Errno.EAGAIN), sys("read", fd, guest.alloc(8), 8));
    }

    @Test
    void writeThenRead_throughTheSyscalls() {
        long fd = sys("eventfd", 5);
        assertEquals(8, sys("write", fd, u64(7), 8));
        long buf = guest.alloc(16);
        assertEquals(8, sys("read", fd, buf, 16));
        assertEquals(12, guest.space().readLong(buf));
        assertEquals(err(Errno.EINVAL), sys("read", fd, buf, 4));
        assertEquals(err(Errno.EINVAL), sys("write", fd, u64(1), 7));
        assertEquals(err(Errno.EINVAL), sys("write", fd, u64(-1L), 8));
    }

    @Test
    void initialValue_isAnUnsignedInt() {
        long fd = sys("eventfd2", 0xffff_ffffL, 0);
        long buf = guest.alloc(8);
        assertEquals(8, sys("read", fd, buf, 8));
        assertEquals(0xffff_ffffL, guest.space().readLong(buf));
    }

    @Test
    void epollSeesTheCounter() {
        long efd = sys("eventfd2", 0, Eventfd.EFD_NONBLOCK);
        long ep = sys("epoll_create1", 0);
        byte[] ev = new byte[Epoll.eventSize(arch())];
        Epoll.writeEvent(arch(), ev, 0, Epoll.EPOLLIN | Epoll.EPOLLET, 42);
        assertEquals(0, sys("epoll_ctl", ep, Epoll.EPOLL_CTL_ADD, efd, guest.put(ev)));
        long out = guest.alloc(64);
        assertEquals(0, sys("epoll_wait", ep, out, 4, 0));
        sys("write", efd, u64(1), 8);
        assertEquals(1, sys("epoll_wait", ep, out, 4, 0));
        assertEquals(42, guest.space().readLong(out + 4));
        assertEquals(0, sys("epoll_wait", ep, out, 4, 0));
    }
}
