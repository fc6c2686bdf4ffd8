package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.ExitStatus;
import dev.zlx.kernel.ProcessTree;
import dev.zlx.kernel.ProcessTree.Selector;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Waiting for children: wait4(2) and waitid(2). */
public final class WaitSyscalls {
    private static final int WAIT4_OPTIONS = ProcessTree.WNOHANG | ProcessTree.WUNTRACED | ProcessTree.WCONTINUED
            | ProcessTree.WNOTHREAD | ProcessTree.WCLONE | ProcessTree.WALL;
    private static final int WAITID_OPTIONS = ProcessTree.WNOHANG | ProcessTree.WUNTRACED | ProcessTree.WEXITED
            | ProcessTree.WCONTINUED | ProcessTree.WNOWAIT | ProcessTree.WNOTHREAD | ProcessTree.WCLONE | ProcessTree.WALL;
    /** waitid's idtype (linux/wait.h). */
    private static final int P_ALL = 0;
    private static final int P_PID = 1;
    private static final int P_PGID = 2;
    /** si_code values of SIGCHLD. */
    private static final int SIGINFO_SIZE = 128;
    /** struct rusage on 64-bit: two timevals and fourteen longs. */
    private static final int RUSAGE_SIZE = 144;
    private static final String NOTE = "rusage has CPU times only";

    public void register(SyscallRegistry r) {
        r.partial("wait4", NOTE, (t, a) -> wait4(t, a.i32(0), a.ptr(1), a.i32(2), a.ptr(3)), INT, PTR, HEX, PTR);
        r.partial("waitid", NOTE, (t, a) -> waitid(t, a.i32(0), a.i32(1), a.ptr(2), a.i32(3), a.ptr(4)),
                INT, INT, PTR, HEX, PTR);
    }

    static long wait4(Task t, int pid, long status, int options, long rusage) {
        if ((options & ~WAIT4_OPTIONS) != 0 || pid == Integer.MIN_VALUE) {
            throw Errno.EINVAL.exception();
        }
        Selector which = pid < -1 ? new Selector(Selector.Kind.PGID, -pid)
                : pid == -1 ? new Selector(Selector.Kind.ANY, 0)
                : pid == 0 ? new Selector(Selector.Kind.PGID, t.process().pgid())
                : new Selector(Selector.Kind.PID, pid);
        ProcessTree.Reaped r = t.process().kernel().tree().waitFor(t.process(), which, options | ProcessTree.WEXITED);
        if (r == null) {
            return 0;
        }
        AddressSpace mem = t.process().mm().space();
        if (status != 0) {
            mem.writeInt(status, r.waitStatus());
        }
        if (rusage != 0) {
            UserMemory.write(mem, rusage, rusage(r));
        }
        return r.pid();
    }

    static long waitid(Task t, int idtype, int id, long infop, int options, long rusage) {
        if ((options & ~WAITID_OPTIONS) != 0 || (options & (ProcessTree.WEXITED | ProcessTree.WUNTRACED
                | ProcessTree.WCONTINUED)) == 0) {
            throw Errno.EINVAL.exception();
        }
        Selector which = switch (idtype) {
            case P_ALL -> new Selector(Selector.Kind.ANY, 0);
            case P_PID -> {
                if (id <= 0) {
                    throw Errno.EINVAL.exception();
                }
                yield new Selector(Selector.Kind.PID, id);
            }
            case P_PGID -> new Selector(Selector.Kind.PGID, id == 0 ? t.process().pgid() : id);
            default -> throw Errno.EINVAL.exception();
        };
        ProcessTree.Reaped r = t.process().kernel().tree().waitFor(t.process(), which, options);
        AddressSpace mem = t.process().mm().space();
        if (r == null) {
            clearSiginfo(t, infop);
            return 0;
        }
        if (infop != 0) {
            ByteBuffer b = ByteBuffer.allocate(SIGINFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, Signals.SIGCHLD);
            b.putInt(16, r.pid());
            b.putInt(20, t.process().credentials().userNs().uidOf(r.uid())); // as the caller's namespace sees it
            switch (r.change()) {
                case EXITED -> {
                    ExitStatus s = r.status();
                    b.putInt(8, s.signal() == 0 ? Siginfo.CLD_EXITED : s.coreDumped() ? Siginfo.CLD_DUMPED : Siginfo.CLD_KILLED);
                    b.putInt(24, s.signal() == 0 ? s.code() : s.signal());
                }
                case STOPPED -> {
                    b.putInt(8, Siginfo.CLD_STOPPED);
                    b.putInt(24, r.stopSignal());
                }
                case CONTINUED -> {
                    b.putInt(8, Siginfo.CLD_CONTINUED);
                    b.putInt(24, Signals.SIGCONT);
                }
            }
            UserMemory.write(mem, infop, b.array());
        }
        if (rusage != 0) {
            UserMemory.write(mem, rusage, rusage(r));
        }
        return 0;
    }

    private static void clearSiginfo(Task t, long infop) {
        if (infop != 0) {
            UserMemory.write(t.process().mm().space(), infop, new byte[SIGINFO_SIZE]);
        }
    }

    /** struct rusage of a reaped child: user and system CPU time. */
    private static byte[] rusage(ProcessTree.Reaped r) {
        ByteBuffer b = ByteBuffer.allocate(RUSAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long user = r.userNanos();
        long system = Math.max(0, r.cpuNanos() - r.userNanos());
        b.putLong(0, user / 1_000_000_000L).putLong(8, user / 1000 % 1_000_000);
        b.putLong(16, system / 1_000_000_000L).putLong(24, system / 1000 % 1_000_000);
        return b.array();
    }
}
