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
import dev.zlx.vfs.tty.PtyMaster;

/**
 * ioctl(2): the requests every descriptor answers (FIOCLEX, FIONCLEX, FIONBIO) and the one that
 * makes a descriptor (TIOCGPTPEER) here, the rest by the open file (terminals, pipes).
 */
public final class IoctlSyscalls {
    private final CompatReport report;

    public IoctlSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("ioctl", "FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC, FIONREAD; on ptys termios (TCGETS/TCSETS*, termios2), "
                + "window size, job control (TIOCSCTTY, TIOCNOTTY, TIOCGPGRP/TIOCSPGRP, TIOCGSID), TIOCGPTN, "
                + "TIOCSPTLCK, TIOCGPTPEER, TCFLSH, TCXONC (no output stop), TIOCSTI refused (EIO); "
                + "other requests return ENOTTY", (t, a) -> ioctl(t, a.fd(0), a.i32(1), a.raw(2)), FD, IOCTL, HEX);
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
            case Ioctls.TIOCGPTPEER -> {
                if (!(f instanceof PtyMaster master)) {
                    throw Errno.ENOTTY.exception();
                }
                int flags = dev.zlx.abi.OpenFlags.of(t.process().arch()).toCanonical((int) arg);
                if ((flags & ~(Fcntl.O_ACCMODE | Fcntl.O_NOCTTY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC)) != 0) {
                    throw Errno.EINVAL.exception();
                }
                return OpenSyscalls.install(t, master.openPeer(flags), (flags & Fcntl.O_CLOEXEC) != 0);
            }
            case Ioctls.FIOASYNC -> {
                // ioctl_fioasync: ENOTTY for a file without signal-driven I/O.
                boolean on = t.process().mm().space().readInt(arg) != 0;
                if (on != ((f.statusFlags() & Fcntl.FASYNC) != 0) && !AsyncIoSyscalls.setAsync(t, fd, f, on)) {
                    throw Errno.ENOTTY.exception();
                }
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
