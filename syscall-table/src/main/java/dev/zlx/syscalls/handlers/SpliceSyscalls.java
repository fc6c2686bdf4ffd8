package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.LONG;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Iovec;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Splice;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.pipe.Pipe;
import dev.zlx.vfs.pipe.PipeEnd;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Moving data between descriptors inside the kernel (fs/splice.c, fs/read_write.c):
 * sendfile(2), splice(2), tee(2) and vmsplice(2). A pipe is the buffer in the middle; its bytes
 * are handed on before they are consumed, so a failed write loses nothing.
 */
public final class SpliceSyscalls {
    private static final int CHUNK = 64 * 1024;
    private static final String SLOTS_NOTE = "a pipe holds 64 KiB counted in bytes, not in Linux's 16 page "
            + "buffers, so many small pieces fit where Linux runs out of buffers";

    public void register(SyscallRegistry r) {
        r.full("sendfile", (t, a) -> CountedIo.transfer(t, () -> sendfile(t, a.fd(0), a.fd(1), a.ptr(2), a.size(3))),
                FD, FD, PTR, SIZE);
        r.partial("splice", SLOTS_NOTE, (t, a) -> splice(t, a.fd(0), a.ptr(1), a.fd(2), a.ptr(3), a.size(4), a.u32(5)),
                FD, PTR, FD, PTR, SIZE, HEX);
        r.partial("tee", SLOTS_NOTE, (t, a) -> tee(t, a.fd(0), a.fd(1), a.size(2), a.u32(3)), FD, FD, SIZE, HEX);
        r.partial("vmsplice", SLOTS_NOTE, (t, a) -> vmsplice(t, a.fd(0), a.ptr(1), a.i64(2), a.u32(3)), FD, PTR, LONG, HEX);
    }

    /**
     * sendfile(2): count bytes of in_fd, from *offset (left unchanged in the file) or from its
     * position, to out_fd: the whole count (or up to the end of in) for a file or socket, what
     * fits for a pipe. in_fd must be a file that can be read at an offset (EINVAL for pipes and
     * directories, ESPIPE when offset is given for one that cannot); EBADF for the wrong access
     * modes; EINVAL for an O_APPEND out_fd or a negative offset.
     */
    static long sendfile(Task t, int outFd, int inFd, long offsetAddr, long count) {
        AddressSpace mem = t.process().mm().space();
        OpenFile in = descriptor(t, inFd);
        if (!in.readable()) {
            throw Errno.EBADF.exception();
        }
        long pos;
        if (offsetAddr != 0) {
            pos = mem.readLong(offsetAddr);
            if (!positioned(in, false)) {
                throw Errno.ESPIPE.exception();
            }
        } else {
            pos = positioned(in, false) ? position(in) : 0; // a pipe's f_pos; EINVAL comes later
        }
        if (count < 0 || pos < 0 || pos + count < 0) {
            throw Errno.EINVAL.exception();
        }
        count = Math.min(count, GuestIo.MAX_RW_COUNT);
        OpenFile out = descriptor(t, outFd);
        if (!out.writable()) {
            throw Errno.EBADF.exception();
        }
        if (!(out instanceof PipeEnd) && (out.statusFlags() & Fcntl.O_APPEND) != 0) {
            throw Errno.EINVAL.exception();
        }
        requireSpliceRead(in);
        long moved = out instanceof PipeEnd pipe
                ? fileToPipe(in, pos, pipe.pipe(), count, (out.statusFlags() & Fcntl.O_NONBLOCK) != 0)
                : fileToFile(in, pos, out, count);
        pos += moved;
        if (offsetAddr != 0) {
            mem.writeLong(offsetAddr, pos);
        } else if (moved > 0) {
            in.seek(pos, Fcntl.SEEK_SET);
        }
        return moved;
    }

    /**
     * splice(2): moves up to len bytes from a pipe to a file, a file to a pipe, or a pipe to
     * another pipe; the side that is not a pipe may have an offset, used and advanced instead of
     * its position. ESPIPE for an offset on a pipe, EINVAL when neither side is a pipe, both are
     * the same pipe, out is O_APPEND or an offset is negative; EBADF for the wrong access modes.
     * SPLICE_F_NONBLOCK (or O_NONBLOCK on the pipe side) makes an empty or full pipe EAGAIN.
     */
    static long splice(Task t, int inFd, long offInAddr, int outFd, long offOutAddr, long len, long flags) {
        if (len == 0) {
            return 0;
        }
        checkFlags(flags);
        OpenFile in = descriptor(t, inFd);
        OpenFile out = descriptor(t, outFd);
        Pipe ipipe = in instanceof PipeEnd p ? p.pipe() : null;
        Pipe opipe = out instanceof PipeEnd p ? p.pipe() : null;
        if (ipipe != null && offInAddr != 0 || opipe != null && offOutAddr != 0) {
            throw Errno.ESPIPE.exception();
        }
        AddressSpace mem = t.process().mm().space();
        long offIn = offInAddr != 0 ? mem.readLong(offInAddr) : -1;
        long offOut = offOutAddr != 0 ? mem.readLong(offOutAddr) : -1;
        if (!in.readable() || !out.writable()) {
            throw Errno.EBADF.exception();
        }
        boolean nonBlocking = (flags & Splice.SPLICE_F_NONBLOCK) != 0;
        len = Math.min(len, GuestIo.MAX_RW_COUNT);
        if (ipipe != null && opipe != null) {
            if (ipipe == opipe) {
                throw Errno.EINVAL.exception();
            }
            boolean nb = nonBlocking || ((in.statusFlags() | out.statusFlags()) & Fcntl.O_NONBLOCK) != 0;
            return pipeToPipe(ipipe, opipe, len, nb, true);
        }
        if (ipipe != null) {
            if (offOutAddr != 0 && !positioned(out, true) || (out.statusFlags() & Fcntl.O_APPEND) != 0) {
                throw Errno.EINVAL.exception();
            }
            if (offOutAddr != 0 && offOut < 0) {
                throw Errno.EINVAL.exception();
            }
            long moved = pipeToFile(ipipe, out, offOutAddr != 0 ? offOut : -1, len,
                    nonBlocking || (in.statusFlags() & Fcntl.O_NONBLOCK) != 0);
            if (offOutAddr != 0) {
                mem.writeLong(offOutAddr, offOut + moved);
            }
            return moved;
        }
        if (opipe != null) {
            if (offInAddr != 0 && !positioned(in, false)) {
                throw Errno.EINVAL.exception();
            }
            requireSpliceRead(in);
            long pos = offInAddr != 0 ? offIn : position(in);
            if (pos < 0) {
                throw Errno.EINVAL.exception();
            }
            long moved = fileToPipe(in, pos, opipe, len, nonBlocking || (out.statusFlags() & Fcntl.O_NONBLOCK) != 0);
            if (offInAddr != 0) {
                mem.writeLong(offInAddr, pos + moved);
            } else if (moved > 0) {
                in.seek(pos + moved, Fcntl.SEEK_SET);
            }
            return moved;
        }
        throw Errno.EINVAL.exception();
    }

    /**
     * tee(2): copies up to len bytes waiting in one pipe into another without consuming them.
     * EINVAL unless both are pipes and different ones; EBADF for the wrong access modes.
     */
    static long tee(Task t, int inFd, int outFd, long len, long flags) {
        checkFlags(flags);
        if (len == 0) {
            return 0;
        }
        OpenFile in = descriptor(t, inFd);
        OpenFile out = descriptor(t, outFd);
        if (!in.readable() || !out.writable()) {
            throw Errno.EBADF.exception();
        }
        if (!(in instanceof PipeEnd i) || !(out instanceof PipeEnd o) || i.pipe() == o.pipe()) {
            throw Errno.EINVAL.exception();
        }
        boolean nonBlocking = (flags & Splice.SPLICE_F_NONBLOCK) != 0
                || ((in.statusFlags() | out.statusFlags()) & Fcntl.O_NONBLOCK) != 0;
        return pipeToPipe(i.pipe(), o.pipe(), Math.min(len, GuestIo.MAX_RW_COUNT), nonBlocking, false);
    }

    /**
     * vmsplice(2): on a pipe's write end, copies the segments' bytes into the pipe (what fits
     * once there is room); on its read end, moves waiting bytes into them. EBADF for a
     * descriptor that is not a pipe or has no access mode, EINVAL for unknown flags or more
     * than UIO_MAXIOV segments. Only SPLICE_F_NONBLOCK makes it not wait.
     */
    static long vmsplice(Task t, int fd, long iov, long count, long flags) {
        checkFlags(flags);
        OpenFile f = descriptor(t, fd);
        boolean toPipe = f.writable();
        if (!toPipe && !f.readable()) {
            throw Errno.EBADF.exception();
        }
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw Errno.EINVAL.exception();
        }
        List<Iovec> segments = ReadWriteSyscalls.iovecs(t, iov, (int) count);
        long total = 0;
        for (Iovec v : segments) {
            total += v.len();
        }
        if (total == 0) {
            return 0;
        }
        if (!(f instanceof PipeEnd end)) {
            throw Errno.EBADF.exception();
        }
        Pipe pipe = end.pipe();
        boolean nonBlocking = (flags & Splice.SPLICE_F_NONBLOCK) != 0;
        AddressSpace mem = t.process().mm().space();
        if (toPipe) {
            int room = pipe.awaitSpace(nonBlocking);
            byte[] data = ReadWriteSyscalls.gather(mem, segments, 0, (int) Math.min(total, room));
            return pipe.offer(ByteBuffer.wrap(data));
        }
        synchronized (pipe) {
            int waiting = pipe.awaitData(nonBlocking);
            int n = (int) Math.min(total, waiting);
            byte[] data = new byte[n];
            pipe.peek(ByteBuffer.wrap(data), 0);
            int stored = (int) ReadWriteSyscalls.scatter(mem, segments, 0, data, n);
            pipe.consume(stored);
            return stored;
        }
    }

    /** splice_file_to_pipe: waits for room, then reads what fits from in at pos. */
    private static long fileToPipe(OpenFile in, long pos, Pipe pipe, long len, boolean nonBlocking) {
        int room = pipe.awaitSpace(nonBlocking);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(len, room));
        int got = in.pread(buf, pos);
        if (got <= 0) {
            return 0;
        }
        buf.flip();
        return pipe.offer(buf);
    }

    /** do_splice_direct: the whole count, or up to the end of in, or until out takes less. */
    private static long fileToFile(OpenFile in, long pos, OpenFile out, long count) {
        long total = 0;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(count, 1)));
        while (total < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - total));
            int got = in.pread(buf, pos + total);
            if (got <= 0) {
                break;
            }
            buf.flip();
            int put = 0;
            while (buf.hasRemaining()) {
                int n = out.write(buf);
                if (n <= 0) {
                    break;
                }
                put += n;
            }
            total += put;
            if (put < got) {
                break;
            }
        }
        return total;
    }

    /**
     * splice_from_pipe: waits for bytes (0 when empty without writers), writes what is waiting
     * (up to len) to out at pos (-1: at its position, which advances), and consumes what out
     * took. The pipe is held meanwhile, as Linux holds its mutex.
     */
    private static long pipeToFile(Pipe pipe, OpenFile out, long pos, long len, boolean nonBlocking) {
        synchronized (pipe) {
            int waiting = pipe.awaitData(nonBlocking);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(len, waiting));
            pipe.peek(buf, 0);
            buf.flip();
            int put = 0;
            while (buf.hasRemaining()) {
                int n = pos < 0 ? out.write(buf) : out.pwrite(buf, pos + put);
                if (n <= 0) {
                    break;
                }
                put += n;
            }
            pipe.consume(put);
            return put;
        }
    }

    /**
     * splice_pipe_to_pipe and link_pipe (tee): waits for bytes in in (0 when empty without
     * writers) and room in out (EPIPE without readers), then copies what is waiting and fits,
     * up to len, consuming it from in unless this is tee.
     */
    private static long pipeToPipe(Pipe in, Pipe out, long len, boolean nonBlocking, boolean consume) {
        int waiting = in.awaitData(nonBlocking);
        if (waiting == 0) {
            return 0;
        }
        int room = out.awaitSpace(nonBlocking);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(len, Math.min(waiting, room)));
        in.peek(buf, 0);
        buf.flip();
        int moved = out.offer(buf);
        if (consume) {
            in.consume(moved);
        }
        return moved;
    }

    private static void checkFlags(long flags) {
        if ((flags & ~Splice.SPLICE_F_ALL) != 0) {
            throw Errno.EINVAL.exception();
        }
    }

    /** The descriptor's description; EBADF for none or an O_PATH one, which fdget does not return. */
    private static OpenFile descriptor(Task t, int fd) {
        OpenFile f = t.process().fds().get(fd);
        if (f.isPathOnly()) {
            throw Errno.EBADF.exception();
        }
        return f;
    }

    /** EINVAL for a file without splice_read: pipes, directories, files that cannot be read at an offset. */
    private static void requireSpliceRead(OpenFile in) {
        if (in instanceof PipeEnd || in.inode() != null && in.inode().isDirectory() || !positioned(in, false)) {
            throw Errno.EINVAL.exception();
        }
    }

    /** Whether f can be read (or written) at an offset (FMODE_PREAD / FMODE_PWRITE). */
    private static boolean positioned(OpenFile f, boolean write) {
        if (f instanceof PipeEnd) {
            return false;
        }
        try {
            if (write) {
                f.pwrite(ByteBuffer.allocate(0), 0);
            } else {
                f.pread(ByteBuffer.allocate(0), 0);
            }
            return true;
        } catch (LinuxException e) {
            return e.errno() != Errno.ESPIPE;
        }
    }

    /** The file position (f_pos). */
    private static long position(OpenFile f) {
        return f.seek(0, Fcntl.SEEK_CUR);
    }
}
