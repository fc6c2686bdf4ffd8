package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Signalfd;
import dev.zlx.kernel.SignalFd;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;

/**
 * signalfd(2) and signalfd4(2): signals read from a descriptor ({@link SignalFd}) instead of
 * delivered; with fd -1 a new signalfd, with a signalfd's fd a new mask for it.
 */
public final class SignalfdSyscalls {
    private static final int FLAGS = Signalfd.SFD_CLOEXEC | Signalfd.SFD_NONBLOCK;

    public void register(SyscallRegistry r) {
        r.full("signalfd", (t, a) -> signalfd4(t, a.fd(0), a.ptr(1), a.size(2), 0), FD, PTR, SIZE);
        r.full("signalfd4", (t, a) -> signalfd4(t, a.fd(0), a.ptr(1), a.size(2), a.i32(3)), FD, PTR, SIZE, HEX);
    }

    /**
     * signalfd4(2): EINVAL for a mask size other than sigset_t's, EFAULT for the mask, EINVAL for
     * unknown flags; then a new signalfd (fd -1), or EBADF / EINVAL when fd is not a signalfd.
     */
    static long signalfd4(Task t, int fd, long maskAddr, long size, int flags) {
        if (size != TemporaryMask.SIGSET_SIZE) {
            throw Errno.EINVAL.exception();
        }
        long mask = t.process().mm().space().readLong(maskAddr);
        if ((flags & ~FLAGS) != 0) {
            throw Errno.EINVAL.exception();
        }
        if (fd == -1) {
            SignalFd file = new SignalFd(t.process(), mask, flags);
            return OpenSyscalls.install(t, file, (flags & Signalfd.SFD_CLOEXEC) != 0);
        }
        OpenFile file = t.process().fds().get(fd);
        if (!(file instanceof SignalFd signalfd)) {
            throw Errno.EINVAL.exception();
        }
        signalfd.setMask(mask);
        return fd;
    }
}
