package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Resource;
import dev.zlx.abi.Timespec;
import dev.zlx.abi.Timeval;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Readiness;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;

/**
 * Readiness: poll(2), ppoll(2), select(2) and pselect6(2) over every descriptor that can say
 * whether it is ready (pipes, files, zlx's own standard descriptors). Waiting sleeps until a
 * pipe changes, re-asking the host every {@value #HOST_RECHECK_MS} ms for host descriptors.
 */
public final class PollSyscalls {
    private static final long HOST_RECHECK_MS = 10;
    /** A timeout meaning "wait as long as it takes". */
    private static final long NO_LIMIT = -1;
    private static final long NANOS = 1_000_000_000L;
    private static final int SELECT_IN = Poll.POLLIN | Poll.POLLRDNORM | Poll.POLLHUP | Poll.POLLERR;
    private static final int SELECT_OUT = Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLERR;
    private static final int SELECT_EX = Poll.POLLPRI;

    public void register(SyscallRegistry r) {
        r.full("poll", (t, a) -> pollRestartable(t, a.ptr(0), a.u32(1),
                a.i32(2) < 0 ? Long.MAX_VALUE : System.nanoTime() + a.i32(2) * 1_000_000L), PTR, INT, INT);
        r.full("ppoll", (t, a) -> ppoll(t, a.ptr(0), a.u32(1), a.ptr(2), a.ptr(3), a.size(4)),
                PTR, INT, PTR, PTR, SIZE);
        r.full("select", (t, a) -> select(t, a.i32(0), a.ptr(1), a.ptr(2), a.ptr(3), a.ptr(4)),
                INT, PTR, PTR, PTR, PTR);
        r.full("pselect6", (t, a) -> pselect6(t, a.i32(0), a.ptr(1), a.ptr(2), a.ptr(3), a.ptr(4), a.ptr(5)),
                INT, PTR, PTR, PTR, PTR, PTR);
    }

    /** One descriptor being waited on. */
    private record Watch(OpenFile file, int events) {
    }

    /** The nanoseconds a timespec argument asks for; NO_LIMIT when the pointer is null. */
    static long timespec(Task t, long addr) {
        if (addr == 0) {
            return NO_LIMIT;
        }
        Timespec ts = Timespec.read(UserMemory.read(t.process().mm().space(), addr, Timespec.SIZE), 0);
        if (ts.sec() < 0 || ts.nsec() < 0 || ts.nsec() >= NANOS) {
            throw Errno.EINVAL.exception();
        }
        return Math.multiplyHigh(ts.sec(), NANOS) != 0 ? Long.MAX_VALUE / 2 : ts.sec() * NANOS + ts.nsec();
    }

    /**
     * poll(2) until deadline (System.nanoTime; Long.MAX_VALUE for none). Interrupted with a
     * timeout, it leaves a restart block (Linux's do_restart_poll): after a job-control stop it
     * goes on with what remains of the timeout, not the whole of it.
     */
    private static long pollRestartable(Task t, long fdsAddr, long nfds, long deadline) {
        long timeout = deadline == Long.MAX_VALUE ? NO_LIMIT : Math.max(0, deadline - System.nanoTime());
        try {
            return poll(t, fdsAddr, nfds, timeout);
        } catch (LinuxException e) {
            if (e.errno() == Errno.EINTR && deadline != Long.MAX_VALUE) {
                t.setRestartBlock(task -> pollRestartable(task, fdsAddr, nfds, deadline));
            }
            throw e;
        }
    }

    static long ppoll(Task t, long fdsAddr, long nfds, long tsp, long maskAddr, long size) {
        long timeout = timespec(t, tsp);
        return withTimeLeft(t, tsp, false, timeout,
                () -> TemporaryMask.during(t, maskAddr, size, () -> poll(t, fdsAddr, nfds, timeout)));
    }

    /**
     * Runs a wait and then, as Linux's poll_select_finish does for select, pselect6 and ppoll,
     * writes the time left back to the caller's timeout (timeval or timespec at addr, 0 for
     * none), also when a signal interrupted the wait: a call restarted after a job-control stop
     * then waits only for what remained.
     */
    private static long withTimeLeft(Task t, long addr, boolean timeval, long timeout, LongSupplier wait) {
        long start = System.nanoTime();
        long result;
        try {
            result = wait.getAsLong();
        } catch (LinuxException e) {
            if (e.errno() == Errno.EINTR) {
                writeTimeLeft(t, addr, timeval, timeout, start);
            }
            throw e;
        }
        writeTimeLeft(t, addr, timeval, timeout, start);
        return result;
    }

    private static void writeTimeLeft(Task t, long addr, boolean timeval, long timeout, long start) {
        if (addr == 0 || timeout == NO_LIMIT) {
            return;
        }
        long left = Math.max(0, timeout - (System.nanoTime() - start));
        byte[] raw = timeval ? new Timeval(left / NANOS, left % NANOS / 1000).encode()
                : new Timespec(left / NANOS, left % NANOS).encode();
        UserMemory.write(t.process().mm().space(), addr, raw);
    }

    static long poll(Task t, long fdsAddr, long nfds, long timeoutNanos) {
        if (nfds > t.process().rlimits().soft(Resource.RLIMIT_NOFILE)) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        int n = (int) nfds;
        ByteBuffer fds = ByteBuffer.wrap(UserMemory.read(mem, fdsAddr, n * Poll.POLLFD_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        Watch[] watches = new Watch[n];
        for (int i = 0; i < n; i++) {
            int fd = fds.getInt(i * Poll.POLLFD_SIZE);
            int events = fds.getShort(i * Poll.POLLFD_SIZE + 4) & 0xffff;
            watches[i] = fd < 0 ? null : new Watch(lookup(t, fd), events);
        }
        int[] revents = new int[n];
        int ready = wait(watches, revents, timeoutNanos);
        for (int i = 0; i < n; i++) {
            fds.putShort(i * Poll.POLLFD_SIZE + 6, (short) revents[i]);
        }
        UserMemory.write(mem, fdsAddr, fds.array());
        return ready;
    }

    private static OpenFile lookup(Task t, int fd) {
        try {
            return t.process().fds().get(fd);
        } catch (LinuxException closed) {
            return null;
        }
    }

    /** Waits until a watch is ready or the timeout (or never: NO_LIMIT) passes; fills revents; returns how many. */
    private static int wait(Watch[] watches, int[] revents, long timeoutNanos) {
        long deadline = timeoutNanos == NO_LIMIT ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        boolean host = false;
        for (Watch w : watches) {
            host |= w != null && w.file() != null && w.file().pollsHost();
        }
        while (true) {
            long seen = Readiness.generation();
            int ready = 0;
            for (int i = 0; i < watches.length; i++) {
                Watch w = watches[i];
                revents[i] = w == null ? 0 : w.file() == null ? Poll.POLLNVAL : w.file().poll(w.events());
                if (revents[i] != 0) {
                    ready++;
                }
            }
            long left = deadline - System.nanoTime();
            if (ready > 0 || left <= 0) {
                return ready;
            }
            Readiness.awaitChange(seen, host ? Math.min(left, HOST_RECHECK_MS * 1_000_000) : left);
        }
    }

    static long pselect6(Task t, int nfds, long in, long out, long ex, long tsp, long sigArg) {
        long maskAddr = 0;
        long size = TemporaryMask.SIGSET_SIZE;
        if (sigArg != 0) {
            AddressSpace mem = t.process().mm().space();
            maskAddr = mem.readLong(sigArg);
            size = mem.readLong(sigArg + 8);
        }
        long timeout = timespec(t, tsp);
        long mask = maskAddr;
        long maskSize = size;
        return withTimeLeft(t, tsp, false, timeout,
                () -> TemporaryMask.during(t, mask, maskSize, () -> selectFor(t, nfds, in, out, ex, timeout)));
    }

    static long select(Task t, int nfds, long in, long out, long ex, long tvAddr) {
        long timeout = NO_LIMIT;
        AddressSpace mem = t.process().mm().space();
        if (tvAddr != 0) {
            Timeval tv = Timeval.read(UserMemory.read(mem, tvAddr, Timeval.SIZE), 0);
            if (tv.sec() < 0 || tv.usec() < 0 || tv.usec() >= 1_000_000) {
                throw Errno.EINVAL.exception();
            }
            timeout = tv.sec() * NANOS + tv.usec() * 1000;
        }
        long wanted = timeout;
        return withTimeLeft(t, tvAddr, true, wanted, () -> selectFor(t, nfds, in, out, ex, wanted));
    }

    private static long selectFor(Task t, int nfds, long in, long out, long ex, long timeoutNanos) {
        if (nfds < 0 || nfds > t.process().rlimits().soft(Resource.RLIMIT_NOFILE)) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        int bytes = (nfds + 63) / 64 * 8;
        long[] sets = {in, out, ex};
        byte[][] bits = new byte[3][];
        for (int s = 0; s < 3; s++) {
            bits[s] = sets[s] == 0 ? new byte[bytes] : UserMemory.read(mem, sets[s], bytes);
        }
        Watch[] watches = new Watch[nfds];
        for (int fd = 0; fd < nfds; fd++) {
            int events = (isSet(bits[0], fd) ? SELECT_IN : 0) | (isSet(bits[1], fd) ? SELECT_OUT : 0)
                    | (isSet(bits[2], fd) ? SELECT_EX : 0);
            if (events != 0) {
                watches[fd] = new Watch(t.process().fds().get(fd), events);
            }
        }
        int[] revents = new int[nfds];
        wait(watches, revents, timeoutNanos);
        long count = 0;
        byte[][] result = {new byte[bytes], new byte[bytes], new byte[bytes]};
        int[] masks = {SELECT_IN, SELECT_OUT, SELECT_EX};
        for (int fd = 0; fd < nfds; fd++) {
            for (int s = 0; s < 3; s++) {
                if (isSet(bits[s], fd) && (revents[fd] & masks[s]) != 0) {
                    result[s][fd / 8] |= (byte) (1 << (fd % 8));
                    count++;
                }
            }
        }
        for (int s = 0; s < 3; s++) {
            if (sets[s] != 0) {
                UserMemory.write(mem, sets[s], result[s]);
            }
        }
        return count;
    }

    private static boolean isSet(byte[] set, int fd) {
        return (set[fd / 8] & (1 << (fd % 8))) != 0;
    }
}
