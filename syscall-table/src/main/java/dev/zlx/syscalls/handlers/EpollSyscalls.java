package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Epoll;
import dev.zlx.abi.Errno;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.epoll.EventPoll;
import java.util.List;

/**
 * epoll(7): epoll_create(2), epoll_create1(2), epoll_ctl(2), epoll_wait(2), epoll_pwait(2) and
 * epoll_pwait2(2). The instances are {@link EventPoll} descriptions; struct epoll_event is
 * read and written in the guest architecture's layout. A wait ends with EINTR when a signal
 * comes and is never restarted (signal(7)).
 */
public final class EpollSyscalls {
    public void register(SyscallRegistry r) {
        r.full("epoll_create", (t, a) -> epollCreate(t, a.i32(0)), INT);
        r.full("epoll_create1", (t, a) -> epollCreate1(t, a.i32(0)), HEX);
        r.full("epoll_ctl", (t, a) -> epollCtl(t, a.fd(0), a.i32(1), a.fd(2), a.ptr(3)), FD, INT, FD, PTR);
        r.full("epoll_wait", (t, a) -> epollWait(t, a.fd(0), a.ptr(1), a.i32(2), millis(a.i32(3))),
                FD, PTR, INT, INT);
        r.full("epoll_pwait", (t, a) -> TemporaryMask.during(t, a.ptr(4), a.size(5),
                () -> epollWait(t, a.fd(0), a.ptr(1), a.i32(2), millis(a.i32(3)))), FD, PTR, INT, INT, PTR, SIZE);
        r.full("epoll_pwait2", (t, a) -> epollPwait2(t, a.fd(0), a.ptr(1), a.i32(2), a.ptr(3), a.ptr(4), a.size(5)),
                FD, PTR, INT, PTR, PTR, SIZE);
    }

    /** epoll_create(2): size is a hint that must be positive. */
    static long epollCreate(Task t, int size) {
        if (size <= 0) {
            throw Errno.EINVAL.exception();
        }
        return OpenSyscalls.install(t, new EventPoll(), false);
    }

    /** epoll_create1(2): EPOLL_CLOEXEC is the only flag. */
    static long epollCreate1(Task t, int flags) {
        if ((flags & ~Epoll.EPOLL_CLOEXEC) != 0) {
            throw Errno.EINVAL.exception();
        }
        return OpenSyscalls.install(t, new EventPoll(), (flags & Epoll.EPOLL_CLOEXEC) != 0);
    }

    /** epoll_ctl(2): the event is read first (EFAULT) unless op is DEL, then both descriptors (EBADF). */
    static long epollCtl(Task t, int epfd, int op, int fd, long eventAddr) {
        Arch arch = t.process().arch();
        int events = 0;
        long data = 0;
        if (op != Epoll.EPOLL_CTL_DEL) {
            byte[] ev = UserMemory.read(t.process().mm().space(), eventAddr, Epoll.eventSize(arch));
            events = Epoll.events(ev, 0);
            data = Epoll.data(arch, ev, 0);
        }
        OpenFile epoll = t.process().fds().get(epfd);
        OpenFile target = t.process().fds().get(fd);
        EventPoll.control(epoll, op, target, fd, events, data);
        return 0;
    }

    /** The timeout of epoll_wait in nanoseconds: negative means none. */
    private static long millis(int timeout) {
        return timeout < 0 ? -1 : timeout * 1_000_000L;
    }

    /** epoll_pwait2(2): the timeout is a timespec (NULL: none), checked before the mask is swapped. */
    static long epollPwait2(Task t, int epfd, long events, int maxEvents, long tsp, long mask, long size) {
        long timeout = PollSyscalls.timespec(t, tsp);
        return TemporaryMask.during(t, mask, size, () -> epollWait(t, epfd, events, maxEvents, timeout));
    }

    /** do_epoll_wait: maxevents in (0, EP_MAX_EVENTS], then the descriptor (EBADF, EINVAL if no epoll). */
    static long epollWait(Task t, int epfd, long eventsAddr, int maxEvents, long timeoutNanos) {
        Arch arch = t.process().arch();
        int size = Epoll.eventSize(arch);
        if (maxEvents <= 0 || maxEvents > Integer.MAX_VALUE / size) {
            throw Errno.EINVAL.exception();
        }
        if (!(t.process().fds().get(epfd) instanceof EventPoll epoll)) {
            throw Errno.EINVAL.exception();
        }
        List<EventPoll.ReadyEvent> ready = epoll.await(maxEvents, timeoutNanos);
        if (ready.isEmpty()) {
            return 0;
        }
        byte[] out = new byte[ready.size() * size];
        for (int i = 0; i < ready.size(); i++) {
            Epoll.writeEvent(arch, out, i * size, ready.get(i).events(), ready.get(i).data());
        }
        AddressSpace mem = t.process().mm().space();
        UserMemory.write(mem, eventsAddr, out);
        return ready.size();
    }
}
