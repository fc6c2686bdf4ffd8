package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;

/** The scheduler as a thread sees it: affinity, yield, and which CPU it is on. */
public final class SchedSyscalls {
    public void register(SyscallRegistry r) {
        r.full("sched_getaffinity", (t, a) -> getaffinity(t, a.i32(0), a.size(1), a.ptr(2)), INT, SIZE, PTR);
        r.partial("sched_setaffinity", "the mask is checked but not stored: every thread may run on every CPU",
                (t, a) -> setaffinity(t, a.i32(0), a.size(1), a.ptr(2)), INT, SIZE, PTR);
        r.full("sched_yield", (t, a) -> {
            Thread.yield();
            return 0;
        });
        r.partial("getcpu", "always CPU 0 and NUMA node 0", (t, a) -> getcpu(t, a.ptr(0), a.ptr(1)), PTR, PTR);
    }

    private static int cpus(Task t) {
        return t.process().kernel().config().cpuCount();
    }

    private static void checkTarget(Task t, int pid) {
        if (pid != 0 && pid != t.tid() && t.process().kernel().process(pid) == null) {
            throw Errno.ESRCH.exception();
        }
    }

    static long getaffinity(Task t, int pid, long size, long mask) {
        checkTarget(t, pid);
        int bytes = (cpus(t) + 63) / 64 * 8;
        if (size < bytes || (size & 7) != 0) {
            throw Errno.EINVAL.exception();
        }
        byte[] out = new byte[bytes];
        for (int cpu = 0; cpu < cpus(t); cpu++) {
            out[cpu / 8] |= (byte) (1 << (cpu % 8));
        }
        UserMemory.write(t.process().mm().space(), mask, out);
        return bytes;
    }

    static long setaffinity(Task t, int pid, long size, long mask) {
        checkTarget(t, pid);
        int n = (int) Math.min(size, 1024);
        byte[] in = UserMemory.read(t.process().mm().space(), mask, n);
        for (int cpu = 0; cpu < Math.min(cpus(t), n * 8); cpu++) {
            if ((in[cpu / 8] & (1 << (cpu % 8))) != 0) {
                return 0;
            }
        }
        throw Errno.EINVAL.exception();
    }

    static long getcpu(Task t, long cpu, long node) {
        if (cpu != 0) {
            t.process().mm().space().writeInt(cpu, 0);
        }
        if (node != 0) {
            t.process().mm().space().writeInt(node, 0);
        }
        return 0;
    }
}
