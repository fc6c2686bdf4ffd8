package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.IOCTL;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Ioctls;
import dev.zlx.abi.LinuxException;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.IoctlMemory;
import dev.zlx.vfs.OpenFile;

/**
 * ioctl(2): the requests every descriptor answers (FIOCLEX, FIONCLEX, FIONBIO) here, the rest
 * by the open file (terminals answer TCGETS and TIOCGWINSZ).
 */
public final class IoctlSyscalls {
    private final CompatReport report;

    public IoctlSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("ioctl", "FIOCLEX, FIONCLEX, FIONBIO, and TCGETS/TIOCGWINSZ on terminals; other requests "
                + "return ENOTTY", (t, a) -> ioctl(t, a.fd(0), a.i32(1), a.raw(2)), FD, IOCTL, HEX);
    }

    long ioctl(Task t, int fd, int request, long arg) {
        OpenFile f = t.process().fds().get(fd);
        switch (request) {
            case Ioctls.FIOCLEX -> {
                t.process().fds().setCloseOnExec(fd, true);
                return 0;
            }
            case Ioctls.FIONCLEX -> {
                t.process().fds().setCloseOnExec(fd, false);
                return 0;
            }
            case Ioctls.FIONBIO -> {
                int on = t.process().mm().space().readInt(arg);
                f.setStatusFlags(on != 0 ? f.statusFlags() | Fcntl.O_NONBLOCK : f.statusFlags() & ~Fcntl.O_NONBLOCK);
                return 0;
            }
            default -> {
                var mem = t.process().mm().space();
                try {
                    return f.ioctl(request, arg, new IoctlMemory() {
                        @Override
                        public void write(long addr, byte[] data) {
                            UserMemory.write(mem, addr, data);
                        }

                        @Override
                        public byte[] read(long addr, int length) {
                            return UserMemory.read(mem, addr, length);
                        }
                    });
                } catch (LinuxException e) {
                    if (e.errno() == Errno.ENOTTY && request != Ioctls.TCGETS && request != Ioctls.TIOCGWINSZ) {
                        report.missingFeature("ioctl", "request 0x" + Integer.toHexString(request));
                    }
                    throw e;
                }
            }
        }
    }
}
