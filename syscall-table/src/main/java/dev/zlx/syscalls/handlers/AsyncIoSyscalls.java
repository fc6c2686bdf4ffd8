package dev.zlx.syscalls.handlers;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Signals;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Sigio;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.vfs.Fasync;
import dev.zlx.vfs.FileOwner;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Signal-driven I/O (fs/fcntl.c): fcntl's F_SETOWN, F_GETOWN, F_SETOWN_EX, F_GETOWN_EX,
 * F_SETSIG and F_GETSIG, and turning O_ASYNC on and off (F_SETFL, ioctl FIOASYNC). Pipes,
 * FIFOs, terminals and inotify descriptors signal; other files keep the flag and stay silent,
 * as Linux's files without a fasync operation do.
 */
final class AsyncIoSyscalls {
    private AsyncIoSyscalls() {
    }

    /** Whether cmd is one of the owner and signal commands this class answers. */
    static boolean isOwnerCommand(int cmd) {
        return cmd == Fcntl.F_SETOWN || cmd == Fcntl.F_GETOWN || cmd == Fcntl.F_SETOWN_EX
                || cmd == Fcntl.F_GETOWN_EX || cmd == Fcntl.F_SETSIG || cmd == Fcntl.F_GETSIG;
    }

    static long fcntl(Task t, OpenFile f, int cmd, long arg) {
        return switch (cmd) {
            case Fcntl.F_SETOWN -> setOwner(t, f, (int) arg);
            case Fcntl.F_GETOWN -> {
                FileOwner o = f.owner();
                yield o.type() == Fcntl.F_OWNER_PGRP ? -o.id() : o.id();
            }
            case Fcntl.F_SETOWN_EX -> {
                ByteBuffer ex = ByteBuffer.wrap(UserMemory.read(t.process().mm().space(), arg, Fcntl.F_OWNER_EX_SIZE))
                        .order(ByteOrder.LITTLE_ENDIAN);
                int type = ex.getInt(0);
                if (type != Fcntl.F_OWNER_TID && type != Fcntl.F_OWNER_PID && type != Fcntl.F_OWNER_PGRP) {
                    throw Errno.EINVAL.exception();
                }
                yield own(t, f, type, ex.getInt(4));
            }
            case Fcntl.F_GETOWN_EX -> {
                FileOwner o = f.owner();
                ByteBuffer ex = ByteBuffer.allocate(Fcntl.F_OWNER_EX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                ex.putInt(o.type()).putInt(o.id());
                UserMemory.write(t.process().mm().space(), arg, ex.array());
                yield 0;
            }
            case Fcntl.F_SETSIG -> {
                if (arg < 0 || arg > Signals.SIGRTMAX) {
                    throw Errno.EINVAL.exception();
                }
                f.setOwner(f.owner().withSignal((int) arg));
                yield 0;
            }
            case Fcntl.F_GETSIG -> f.owner().signal();
            default -> throw new IllegalArgumentException("not an owner command: " + cmd);
        };
    }

    /** F_SETOWN: a positive pid names a process, a negative one a process group (f_setown). */
    private static long setOwner(Task t, OpenFile f, int who) {
        if (who == Integer.MIN_VALUE) {
            throw Errno.EINVAL.exception();
        }
        return who < 0 ? own(t, f, Fcntl.F_OWNER_PGRP, -who) : own(t, f, Fcntl.F_OWNER_PID, who);
    }

    /** __f_setown: ESRCH for an id nothing has; the caller's uid and euid go with it. */
    private static long own(Task t, OpenFile f, int type, int id) {
        if (id != 0 && !exists(t.process().kernel(), type, id)) {
            throw Errno.ESRCH.exception();
        }
        Credentials c = t.process().credentials();
        f.setOwner(new FileOwner(type, id, c.uid(), c.euid(), f.owner().signal()));
        return 0;
    }

    private static boolean exists(Kernel kernel, int type, int id) {
        if (type == Fcntl.F_OWNER_PGRP) {
            return kernel.processes().stream().anyMatch(p -> p.pgid() == id && !p.isDead());
        }
        return kernel.task(id) != null;
    }

    /**
     * O_ASYNC turned on or off on descriptor fd (the file's fasync operation, which alone sets
     * and clears the flag): the description joins or leaves its file's list, and leaves it at
     * its last close. Returns false, changing nothing, for a file without signal-driven I/O.
     */
    static boolean setAsync(Task t, int fd, OpenFile f, boolean on) {
        Fasync list = f.fasync();
        if (list == null) {
            return false;
        }
        if (on) {
            Kernel kernel = t.process().kernel();
            if (list.add(f, reason -> Sigio.send(kernel, f, fd, reason))) {
                f.addReleaseHook(list::remove);
            }
            f.setStatusFlags(f.statusFlags() | Fcntl.FASYNC);
        } else {
            list.remove(f);
            f.setStatusFlags(f.statusFlags() & ~Fcntl.FASYNC);
        }
        return true;
    }
}
