package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.UINT;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Eventfd;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.eventfd.EventFd;

/** eventfd(2) and eventfd2(2): a counter as a descriptor ({@link EventFd}). */
public final class EventfdSyscalls {
    private static final int FLAGS = Eventfd.EFD_SEMAPHORE | Eventfd.EFD_CLOEXEC | Eventfd.EFD_NONBLOCK;

    public void register(SyscallRegistry r) {
        r.full("eventfd", (t, a) -> eventfd2(t, a.u32(0), 0), UINT);
        r.full("eventfd2", (t, a) -> eventfd2(t, a.u32(0), a.i32(1)), UINT, HEX);
    }

    /** eventfd2(2): initval is an unsigned int; the flags have the same values on both architectures. */
    static long eventfd2(Task t, long initialValue, int flags) {
        if ((flags & ~FLAGS) != 0) {
            throw Errno.EINVAL.exception();
        }
        EventFd file = new EventFd(initialValue, flags);
        return OpenSyscalls.install(t, file, (flags & Eventfd.EFD_CLOEXEC) != 0);
    }
}
