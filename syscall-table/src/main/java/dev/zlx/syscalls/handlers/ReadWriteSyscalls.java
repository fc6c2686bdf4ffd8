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
import dev.zlx.abi.RwfFlags;
import dev.zlx.abi.StatMode;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.GuestMemoryFault;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.BrokenPipe;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.notify.FsNotify;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/** read(2), write(2) and their positioned and vectored forms, and lseek(2). */
public final class ReadWriteSyscalls {
    /** Linux's UIO_MAXIOV. */
    private static final int IOV_MAX = 1024;
    /** The most bytes one vectored transfer moves through the kernel's buffer at a time. */
    private static final int GATHER_MAX = 1 << 20;

    public void register(SyscallRegistry r) {
        r.full("read", (t, a) -> CountedIo.read(t, () -> read(t, a.fd(0), a.ptr(1), a.size(2))), FD, BUF_OUT, SIZE);
        r.full("write", (t, a) -> CountedIo.write(t, () -> write(t, a.fd(0), a.ptr(1), a.size(2))), FD, BUF_IN, SIZE);
        r.full("pread64", (t, a) -> CountedIo.read(t, () -> pread(t, a.fd(0), a.ptr(1), a.size(2), a.i64(3))),
                FD, BUF_OUT, SIZE, LONG);
        r.full("pwrite64", (t, a) -> CountedIo.write(t, () -> pwrite(t, a.fd(0), a.ptr(1), a.size(2), a.i64(3))),
                FD, BUF_IN, SIZE, LONG);
        r.full("readv", (t, a) -> CountedIo.readv(t, () -> readv(t, a.fd(0), a.ptr(1), a.i32(2), -1)), FD, PTR, INT);
        r.full("writev", (t, a) -> CountedIo.writev(t, () -> writev(t, a.fd(0), a.ptr(1), a.i32(2), -1)), FD, PTR, INT);
        r.full("preadv", (t, a) -> {
            long off = offset(a.i64(3));
            return CountedIo.readv(t, () -> readv(t, a.fd(0), a.ptr(1), a.i32(2), off));
        }, FD, PTR, INT, LONG);
        r.full("pwritev", (t, a) -> {
            long off = offset(a.i64(3));
            return CountedIo.writev(t, () -> writev(t, a.fd(0), a.ptr(1), a.i32(2), off));
        }, FD, PTR, INT, LONG);
        r.partial("preadv2", RWF_NOTE,
                (t, a) -> CountedIo.readv(t, () -> preadv2(t, a.fd(0), a.ptr(1), a.i32(2), a.i64(3), a.i32(5))),
                FD, PTR, INT, LONG, LONG, HEX);
        r.partial("pwritev2", RWF_NOTE,
                (t, a) -> CountedIo.writev(t, () -> pwritev2(t, a.fd(0), a.ptr(1), a.i32(2), a.i64(3), a.i32(5))),
                FD, PTR, INT, LONG, LONG, HEX);
        r.full("lseek", (t, a) -> lseek(t, a.fd(0), a.i64(1), a.i32(2)), FD, LONG, WHENCE);
        r.full("fadvise64", (t, a) -> fadvise(t, a.fd(0), a.i64(2), a.i32(3)), FD, LONG, LONG, INT);
        r.full("copy_file_range", (t, a) -> CountedIo.transfer(t,
                () -> copyFileRange(t, a.fd(0), a.ptr(1), a.fd(2), a.ptr(3), a.size(4), a.i32(5))),
                FD, PTR, FD, PTR, SIZE, HEX);
    }

    private static long offset(long off) {
        if (off < 0) {
            throw Errno.EINVAL.exception();
        }
        return off;
    }

    private static final String RWF_NOTE = "RWF_HIPRI, RWF_DSYNC, RWF_SYNC, RWF_APPEND and RWF_NOSIGNAL; RWF_NOWAIT, RWF_ATOMIC and "
            + "RWF_DONTCACHE are EOPNOTSUPP (as for Linux files without them), RWF_NOAPPEND on an O_APPEND file too";

    /** preadv2(2): an offset of -1 reads at the file position; no flag changes a read here. */
    static long preadv2(Task t, int fd, long iov, int iovcnt, long off, int flags) {
        checkRwFlags(t.process().fds().get(fd), flags);
        return readv(t, fd, iov, iovcnt, off == -1 ? -1 : offset(off));
    }

    /**
     * pwritev2(2): RWF_APPEND writes at the end of a regular file (moving the file position
     * when the offset is -1), RWF_DSYNC and RWF_SYNC make the written data durable, and
     * RWF_NOSIGNAL answers EPIPE without SIGPIPE.
     */
    static long pwritev2(Task t, int fd, long iov, int iovcnt, long off, int flags) {
        OpenFile f = t.process().fds().get(fd);
        checkRwFlags(f, flags);
        long at = off == -1 ? -1 : offset(off);
        boolean regular = (f.stat().mode() & StatMode.S_IFMT) == StatMode.S_IFREG;
        if ((flags & RwfFlags.RWF_APPEND) != 0 && regular) {
            if (at == -1) {
                f.seek(0, Fcntl.SEEK_END);
            } else {
                at = f.stat().size();
            }
        }
        long n;
        try {
            n = writev(t, fd, iov, iovcnt, at);
        } catch (BrokenPipe e) {
            if ((flags & RwfFlags.RWF_NOSIGNAL) != 0) {
                throw Errno.EPIPE.exception(); // EPIPE without SIGPIPE
            }
            throw e;
        }
        if ((flags & (RwfFlags.RWF_DSYNC | RwfFlags.RWF_SYNC)) != 0 && regular && n > 0) {
            f.sync((flags & RwfFlags.RWF_SYNC) == 0);
        }
        return n;
    }

    /**
     * kiocb_set_rw_flags: unknown flags, and the ones no zlx file supports (RWF_NOWAIT needs
     * FMODE_NOWAIT, RWF_ATOMIC atomic writes, RWF_DONTCACHE uncached I/O), are EOPNOTSUPP;
     * RWF_NOAPPEND is a no-op on a file without O_APPEND.
     */
    private static void checkRwFlags(OpenFile f, int flags) {
        int refused = RwfFlags.RWF_NOWAIT | RwfFlags.RWF_ATOMIC | RwfFlags.RWF_DONTCACHE;
        if ((flags & ~RwfFlags.RWF_SUPPORTED) != 0 || (flags & refused) != 0
                || (flags & RwfFlags.RWF_NOAPPEND) != 0 && (f.statusFlags() & Fcntl.O_APPEND) != 0) {
            throw Errno.EOPNOTSUPP.exception();
        }
    }

    static long read(Task t, int fd, long buf, long count) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        return accessed(f, GuestIo.intoGuest(mem(t), buf, count, f::read));
    }

    static long write(Task t, int fd, long buf, long count) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        return modified(f, GuestIo.fromGuest(mem(t), buf, count, f::write));
    }

    static long pread(Task t, int fd, long buf, long count, long offset) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        offset(offset);
        long[] pos = {offset};
        return accessed(f, GuestIo.intoGuest(mem(t), buf, count, b -> {
            int n = f.pread(b, pos[0]);
            pos[0] += Math.max(n, 0);
            return n;
        }));
    }

    static long pwrite(Task t, int fd, long buf, long count, long offset) {
        OpenFile f = t.process().fds().get(fd);
        checkCount(count);
        offset(offset);
        long[] pos = {offset};
        return modified(f, GuestIo.fromGuest(mem(t), buf, count, b -> {
            int n = f.pwrite(b, pos[0]);
            pos[0] += Math.max(n, 0);
            return n;
        }));
    }

    /**
     * Vectored read; offset -1 means "at the file position". Like Linux, one read fills the
     * segments in turn (a pipe holding 15 bytes fills a 10-byte and a 5-byte segment and does not
     * wait for more), so the segments are filled from one transfer of up to GATHER_MAX bytes;
     * only regular files, where reading on never blocks, go on past that.
     */
    static long readv(Task t, int fd, long iov, int iovcnt, long offset) {
        OpenFile f = t.process().fds().get(fd);
        List<Iovec> segments = iovecs(t, iov, iovcnt);
        if (segments.size() == 1) {
            Iovec v = segments.getFirst();
            return offset < 0 ? read(t, fd, v.base(), v.len()) : pread(t, fd, v.base(), v.len(), offset);
        }
        long wanted = Math.min(totalLength(segments), GuestIo.MAX_RW_COUNT);
        boolean regular = (f.stat().mode() & StatMode.S_IFMT) == StatMode.S_IFREG;
        long total = 0;
        while (total < wanted) {
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(wanted - total, GATHER_MAX));
            int got = offset < 0 ? f.read(chunk) : f.pread(chunk, offset + total);
            if (got <= 0) {
                break;
            }
            long stored = scatter(mem(t), segments, total, chunk.array(), got);
            total += stored;
            if (stored < got || got < chunk.capacity() || !regular) {
                break;
            }
        }
        return accessed(f, total);
    }

    /**
     * Vectored write; offset -1 means "at the file position". The segments are gathered and
     * written as one write, as Linux does: a writev of at most PIPE_BUF bytes to a pipe is never
     * interleaved with another writer's data (musl's printf writes a line as buffer + tail).
     */
    static long writev(Task t, int fd, long iov, int iovcnt, long offset) {
        OpenFile f = t.process().fds().get(fd);
        List<Iovec> segments = iovecs(t, iov, iovcnt);
        if (segments.size() == 1) {
            Iovec v = segments.getFirst();
            return offset < 0 ? write(t, fd, v.base(), v.len()) : pwrite(t, fd, v.base(), v.len(), offset);
        }
        long wanted = Math.min(totalLength(segments), GuestIo.MAX_RW_COUNT);
        long total = 0;
        while (total < wanted) {
            byte[] chunk = gather(mem(t), segments, total, (int) Math.min(wanted - total, GATHER_MAX));
            if (chunk.length == 0) {
                break;
            }
            ByteBuffer b = ByteBuffer.wrap(chunk);
            while (b.hasRemaining()) {
                int put = offset < 0 ? f.write(b) : f.pwrite(b, offset + total + b.position());
                if (put <= 0) {
                    break;
                }
            }
            total += b.position();
            if (b.hasRemaining() || chunk.length < GATHER_MAX) {
                break;
            }
        }
        return modified(f, total);
    }

    /** fsnotify_access: a read that moved bytes is IN_ACCESS on the file. Returns n. */
    private static long accessed(OpenFile f, long n) {
        if (n > 0) {
            FsNotify.accessed(f);
        }
        return n;
    }

    /** fsnotify_modify: a write that moved bytes is IN_MODIFY on the file. Returns n. */
    private static long modified(OpenFile f, long n) {
        if (n > 0) {
            FsNotify.modified(f);
        }
        return n;
    }

    private static long totalLength(List<Iovec> segments) {
        long sum = 0;
        for (Iovec v : segments) {
            sum += v.len();
        }
        return sum;
    }

    /** Copies one piece between guest memory at addr and the kernel's buffer at offset. */
    @FunctionalInterface
    private interface PieceCopy {
        void copy(long addr, int offset, int length);
    }

    /**
     * Walks the segments from skip bytes into them for at most max bytes, copying piece by
     * piece; stops at an inaccessible segment. Returns the bytes copied; a fault on the very
     * first byte of the transfer is EFAULT.
     */
    private static int eachPiece(List<Iovec> segments, long skip, int max, PieceCopy copy) {
        int done = 0;
        long seen = 0;
        for (Iovec v : segments) {
            if (done == max) {
                break;
            }
            long from = Math.max(0, skip - seen);
            seen += v.len();
            if (from >= v.len()) {
                continue;
            }
            int n = (int) Math.min(v.len() - from, max - done);
            try {
                copy.copy(v.base() + from, done, n);
            } catch (GuestMemoryFault e) {
                if (done == 0 && skip == 0) {
                    throw e;
                }
                return done;
            }
            done += n;
        }
        return done;
    }

    /** Up to max bytes of the segments from skip on, as one array (a short one at a fault). */
    static byte[] gather(AddressSpace mem, List<Iovec> segments, long skip, int max) {
        byte[] out = new byte[max];
        int filled = eachPiece(segments, skip, max, (addr, offset, n) -> mem.read(addr, out, offset, n));
        return filled == max ? out : Arrays.copyOf(out, filled);
    }

    /** Stores data[0, len) into the segments from skip bytes on; returns the bytes stored. */
    static long scatter(AddressSpace mem, List<Iovec> segments, long skip, byte[] data, int len) {
        return eachPiece(segments, skip, len, (addr, offset, n) -> mem.write(addr, data, offset, n));
    }

    static List<Iovec> iovecs(Task t, long iov, int iovcnt) {
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
