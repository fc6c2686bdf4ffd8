package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.BUF_IN;
import static dev.zlx.syscalls.trace.ArgKind.BUF_OUT;
import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.LONG;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;
import static dev.zlx.syscalls.trace.ArgKind.WHENCE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Iovec;
import dev.zlx.abi.StatMode;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.util.List;

/** read(2), write(2) and their positioned and vectored forms, and lseek(2). */
public final class ReadWriteSyscalls {
    /** Linux's UIO_MAXIOV. */
    private static final int IOV_MAX = 1024;

    public void register(SyscallRegistry r) {
        r.full("read", (t, a) -> read(t, a.fd(0), a.ptr(1), a.size(2)), FD, BUF_OUT, SIZE);
        r.full("write", (t, a) -> write(t, a.fd(0), a.ptr(1), a.size(2)), FD, BUF_IN, SIZE);
        r.full("pread64", (t, a) -> pread(t, a.fd(0), a.ptr(1), a.size(2), a.i64(3)), FD, BUF_OUT, SIZE, LONG);
        r.full("pwrite64", (t, a) -> pwrite(t, a.fd(0), a.ptr(1), a.size(2), a.i64(3)), FD, BUF_IN, SIZE, LONG);
        r.full("readv", (t, a) -> readv(t, a.fd(0), a.ptr(1), a.i32(2), -1), FD, PTR, INT);
        r.full("writev", (t, a) -> writev(t, a.fd(0), a.ptr(1), a.i32(2), -1), FD, PTR, INT);
        r.full("preadv", (t, a) -> readv(t, a.fd(0), a.ptr(1), a.i32(2), offset(a.i64(3))), FD, PTR, INT, LONG);
        r.full("pwritev", (t, a) -> writev(t, a.fd(0), a.ptr(1), a.i32(2), offset(a.i64(3))), FD, PTR, INT, LONG);
        r.partial("preadv2", "RWF_* flags other than 0 are refused with EOPNOTSUPP",
                (t, a) -> readv(t, a.fd(0), a.ptr(1), a.i32(2), flagsAndOffset(a.i64(3), a.i32(5))),
                FD, PTR, INT, LONG, LONG, HEX);
        r.partial("pwritev2", "RWF_* flags other than 0 are refused with EOPNOTSUPP",
                (t, a) -> writev(t, a.fd(0), a.ptr(1), a.i32(2), flagsAndOffset(a.i64(3), a.i32(5))),
                FD, PTR, INT, LONG, LONG, HEX);
        r.full("lseek", (t, a) -> lseek(t, a.fd(0), a.i64(1), a.i32(2)), FD, LONG, WHENCE);
        r.full("fadvise64", (t, a) -> fadvise(t, a.fd(0), a.i64(2), a.i32(3)), FD, LONG, LONG, INT);
        r.full("copy_file_range", (t, a) -> copyFileRange(t, a.fd(0), a.ptr(1), a.fd(2), a.ptr(3), a.size(4), a.i32(5)),
                FD, PTR, FD, PTR, SIZE, HEX);
    }

    private static long offset(long off) {
        if (off < 0) {
            throw Errno.EINVAL.exception();
        }
        return off;
    }

    private static long flagsAndOffset(long off, int flags) {
        if (flags != 0) {
            throw Errno.EOPNOTSUPP.exception();
        }
        return off == -1 ? -1 : offset(off);
    }

    static long read(Task t, int fd, long buf, long count) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        return GuestIo.intoGuest(mem(t), buf, count, f::read);
    }

    static long write(Task t, int fd, long buf, long count) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        return GuestIo.fromGuest(mem(t), buf, count, f::write);
    }

    static long pread(Task t, int fd, long buf, long count, long offset) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        offset(offset);
        long[] pos = {offset};
        return GuestIo.intoGuest(mem(t), buf, count, b -> {
            int n = f.pread(b, pos[0]);
            pos[0] += Math.max(n, 0);
            return n;
        });
    }

    static long pwrite(Task t, int fd, long buf, long count, long offset) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        offset(offset);
        long[] pos = {offset};
        return GuestIo.fromGuest(mem(t), buf, count, b -> {
            int n = f.pwrite(b, pos[0]);
            pos[0] += Math.max(n, 0);
            return n;
        });
    }

    /** Vectored read; offset -1 means "at the file position". */
    static long readv(Task t, int fd, long iov, int iovcnt, long offset) {
        OpenFile f = t.process().fds().get(fd);
        long total = 0;
        for (Iovec v : iovecs(t, iov, iovcnt)) {
            long want = v.len();
            long got = offset < 0
                    ? GuestIo.intoGuest(mem(t), v.base(), want, f::read)
                    : pread(t, fd, v.base(), want, offset + total);
            total += got;
            if (got < want) {
                break;
            }
        }
        return total;
    }

    /** Vectored write; offset -1 means "at the file position". */
    static long writev(Task t, int fd, long iov, int iovcnt, long offset) {
        OpenFile f = t.process().fds().get(fd);
        long total = 0;
        for (Iovec v : iovecs(t, iov, iovcnt)) {
            long want = v.len();
            long put = offset < 0
                    ? GuestIo.fromGuest(mem(t), v.base(), want, f::write)
                    : pwrite(t, fd, v.base(), want, offset + total);
            total += put;
            if (put < want) {
                break;
            }
        }
        return total;
    }

    private static List<Iovec> iovecs(Task t, long iov, int iovcnt) {
        if (iovcnt < 0 || iovcnt > IOV_MAX) {
            throw Errno.EINVAL.exception();
        }
        List<Iovec> list = Iovec.readArray(UserMemory.read(mem(t), iov, iovcnt * Iovec.SIZE), iovcnt);
        long sum = 0;
        for (Iovec v : list) {
            if (v.len() < 0) {
                throw Errno.EINVAL.exception();
            }
            sum += v.len();
            if (sum < 0) {
                throw Errno.EINVAL.exception();
            }
        }
        return list;
    }

    static long lseek(Task t, int fd, long offset, int whence) {
        return t.process().fds().get(fd).seek(offset, whence);
    }

    /** posix_fadvise(2): advice is a hint, so accepting it is the whole job once it is valid. */
    static long fadvise(Task t, int fd, long len, int advice) {
        OpenFile f = t.process().fds().get(fd);
        if ((f.stat().mode() & StatMode.S_IFMT) == StatMode.S_IFIFO) {
            throw Errno.ESPIPE.exception();
        }
        if (len < 0 || advice < 0 || advice > 5) {
            throw Errno.EINVAL.exception();
        }
        return 0;
    }

    /**
     * copy_file_range(2) between regular files, done as reads and writes in the kernel (as
     * Linux's generic fallback does); offsets are read from and written back to the guest's
     * loff_t pointers when given, else the file positions move.
     */
    static long copyFileRange(Task t, int fdIn, long offInPtr, int fdOut, long offOutPtr, long len, int flags) {
        if (flags != 0) {
            throw Errno.EINVAL.exception();
        }
        OpenFile in = t.process().fds().get(fdIn);
        OpenFile out = t.process().fds().get(fdOut);
        if (!in.readable() || !out.writable() || (out.statusFlags() & Fcntl.O_APPEND) != 0) {
            throw Errno.EBADF.exception();
        }
        for (OpenFile f : new OpenFile[] {in, out}) {
            int type = f.stat().mode() & StatMode.S_IFMT;
            if (type == StatMode.S_IFDIR) {
                throw Errno.EISDIR.exception();
            }
            if (type != StatMode.S_IFREG) {
                throw Errno.EINVAL.exception();
            }
        }
        AddressSpace mem = mem(t);
        long inPos = offInPtr != 0 ? mem.readLong(offInPtr) : in.seek(0, Fcntl.SEEK_CUR);
        long outPos = offOutPtr != 0 ? mem.readLong(offOutPtr) : out.seek(0, Fcntl.SEEK_CUR);
        if (inPos < 0 || outPos < 0) {
            throw Errno.EINVAL.exception();
        }
        boolean sameFile = in.stat().ino() == out.stat().ino() && in.stat().dev() == out.stat().dev();
        if (sameFile && inPos < outPos + len && outPos < inPos + len) {
            throw Errno.EINVAL.exception();
        }
        long total = 0;
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long limit = Math.min(len, GuestIo.MAX_RW_COUNT);
        while (total < limit) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), limit - total));
            int n = in.pread(chunk, inPos + total);
            if (n <= 0) {
                break;
            }
            chunk.flip();
            while (chunk.hasRemaining()) {
                out.pwrite(chunk, outPos + total + chunk.position());
            }
            total += n;
        }
        if (offInPtr != 0) {
            mem.writeLong(offInPtr, inPos + total);
        } else {
            in.seek(inPos + total, Fcntl.SEEK_SET);
        }
        if (offOutPtr != 0) {
            mem.writeLong(offOutPtr, outPos + total);
        } else {
            out.seek(outPos + total, Fcntl.SEEK_SET);
        }
        return total;
    }

    private static void checkCount(long count) {
        if (count < 0) {
            throw Errno.EINVAL.exception();
        }
    }

    private static AddressSpace mem(Task t) {
        return t.process().mm().space();
    }
}
