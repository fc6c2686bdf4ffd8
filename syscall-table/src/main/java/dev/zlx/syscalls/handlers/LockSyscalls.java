package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileLocking;
import dev.zlx.abi.Flock;
import dev.zlx.abi.LinuxException;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.lock.FileLocks;
import dev.zlx.vfs.lock.LockRange;
import dev.zlx.vfs.lock.RecordLock;

/**
 * Advisory file locks (fs/locks.c): flock(2), and fcntl(2)'s record locks F_GETLK, F_SETLK,
 * F_SETLKW with their open-file-description forms F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW.
 */
public final class LockSyscalls {
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;

    public void register(SyscallRegistry r) {
        r.full("flock", (t, a) -> flock(t, a.fd(0), a.i32(1)), FD, HEX);
    }

    /**
     * flock(2): LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB to fail with EWOULDBLOCK instead of
     * waiting. EINVAL for another operation (checked before the descriptor), EBADF for no
     * descriptor or an O_PATH one; a request with LOCK_MAND is ignored, as Linux does since 5.18.
     */
    static long flock(Task t, int fd, int operation) {
        if ((operation & FileLocking.LOCK_MAND) != 0) {
            return 0;
        }
        int type = switch (operation & ~FileLocking.LOCK_NB) {
            case FileLocking.LOCK_SH -> Fcntl.F_RDLCK;
            case FileLocking.LOCK_EX -> Fcntl.F_WRLCK;
            case FileLocking.LOCK_UN -> Fcntl.F_UNLCK;
            default -> throw Errno.EINVAL.exception();
        };
        OpenFile file = t.process().fds().get(fd);
        if (file.isPathOnly()) {
            throw Errno.EBADF.exception();
        }
        locks(t).flock(file, type, (operation & FileLocking.LOCK_NB) == 0);
        return 0;
    }

    /** Whether cmd is one of fcntl's lock commands, which {@link #fcntl} answers. */
    static boolean isLockCommand(int cmd) {
        return switch (cmd) {
            case Fcntl.F_GETLK, Fcntl.F_SETLK, Fcntl.F_SETLKW, Fcntl.F_OFD_GETLK, Fcntl.F_OFD_SETLK,
                    Fcntl.F_OFD_SETLKW -> true;
            default -> false;
        };
    }

    /** fcntl(2)'s lock commands on fd, with the struct flock at addr. */
    static long fcntl(Task t, int fd, int cmd, long addr) {
        OpenFile file = t.process().fds().get(fd);
        if (file.isPathOnly()) {
            throw Errno.EBADF.exception();
        }
        Flock request = Flock.read(UserMemory.read(t.process().mm().space(), addr, Flock.SIZE), 0);
        boolean ofd = cmd == Fcntl.F_OFD_GETLK || cmd == Fcntl.F_OFD_SETLK || cmd == Fcntl.F_OFD_SETLKW;
        if (cmd == Fcntl.F_GETLK || cmd == Fcntl.F_OFD_GETLK) {
            return getlk(t, file, request, ofd, addr);
        }
        return setlk(t, file, request, ofd, cmd == Fcntl.F_SETLKW || cmd == Fcntl.F_OFD_SETLKW);
    }

    /**
     * fcntl_getlk: the first lock that would block the described one, written back with
     * l_whence SEEK_SET and l_pid the holder's (-1 for an OFD lock), or l_type F_UNLCK with the
     * rest as given. EINVAL for a type other than F_RDLCK/F_WRLCK, or an OFD request with l_pid.
     */
    private static long getlk(Task t, OpenFile file, Flock request, boolean ofd, long addr) {
        if (request.type() != Fcntl.F_RDLCK && request.type() != Fcntl.F_WRLCK) {
            throw Errno.EINVAL.exception();
        }
        LockRange range = range(file, request);
        if (ofd && request.pid() != 0) {
            throw Errno.EINVAL.exception();
        }
        RecordLock wanted = lock(t, file, request, ofd, range);
        RecordLock blocker = locks(t).test(file.lockKey(), wanted);
        Flock answer = blocker == null
                ? new Flock(Fcntl.F_UNLCK, request.whence(), request.start(), request.len(), request.pid())
                : new Flock(blocker.type(), 0, blocker.start(), blocker.length(), blocker.ofd() ? -1 : blocker.pid());
        UserMemory.write(t.process().mm().space(), addr, answer.encode());
        return 0;
    }

    /**
     * fcntl_setlk: EINVAL for an unknown type or range, EBADF when the descriptor's access mode
     * does not allow the lock (reading for F_RDLCK, writing for F_WRLCK), EINVAL for an OFD
     * request with l_pid; then EAGAIN on a conflict, or a wait that EDEADLK or EINTR may end.
     */
    private static long setlk(Task t, OpenFile file, Flock request, boolean ofd, boolean wait) {
        int type = request.type();
        if (type != Fcntl.F_RDLCK && type != Fcntl.F_WRLCK && type != Fcntl.F_UNLCK) {
            throw Errno.EINVAL.exception();
        }
        LockRange range = range(file, request);
        if (type == Fcntl.F_RDLCK && !file.readable() || type == Fcntl.F_WRLCK && !file.writable()) {
            throw Errno.EBADF.exception();
        }
        if (ofd && request.pid() != 0) {
            throw Errno.EINVAL.exception();
        }
        locks(t).set(file.lockKey(), lock(t, file, request, ofd, range), file, wait);
        return 0;
    }

    private static RecordLock lock(Task t, OpenFile file, Flock request, boolean ofd, LockRange range) {
        Object owner = ofd ? file : t.process().fds();
        return new RecordLock(owner, t.process().pid(), ofd, request.type(), range.start(), range.end());
    }

    /** The bytes request names, relative to the file position or size as l_whence says. */
    private static LockRange range(OpenFile file, Flock request) {
        long position = 0;
        long size = 0;
        if (request.whence() == SEEK_CUR) {
            try {
                position = file.seek(0, SEEK_CUR);
            } catch (LinuxException e) {
                position = 0; // f_pos of a pipe or device: 0
            }
        } else if (request.whence() == SEEK_END) {
            size = file.stat().size();
        }
        return LockRange.of(request.whence(), request.start(), request.len(), position, size);
    }

    private static FileLocks locks(Task t) {
        return t.process().kernel().fileLocks();
    }
}
