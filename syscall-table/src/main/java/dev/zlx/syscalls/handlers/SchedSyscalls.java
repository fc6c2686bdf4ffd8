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
        r.partial("sched_setscheduler", REALTIME_NOTE, (t, a) -> setscheduler(t, a.i32(0), a.i32(1), a.ptr(2)),
                INT, INT, PTR);
        r.full("sched_getscheduler", (t, a) -> {
            checkTarget(t, a.i32(0));
            return SCHED_OTHER;
        }, INT);
        r.partial("sched_setparam", REALTIME_NOTE, (t, a) -> setscheduler(t, a.i32(0), SCHED_OTHER, a.ptr(1)),
                INT, PTR);
        r.full("sched_getparam", (t, a) -> getparam(t, a.i32(0), a.ptr(1)), INT, PTR);
        r.full("sched_get_priority_max", (t, a) -> priorityLimit(a.i32(0), true), INT);
        r.full("sched_get_priority_min", (t, a) -> priorityLimit(a.i32(0), false), INT);
        r.full("membarrier", (t, a) -> membarrier(t, a.i32(0), a.i32(1)), INT, INT);
    }

    /** Scheduling policies (linux/sched.h). */
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;
    private static final int SCHED_RR = 2;
    private static final int SCHED_BATCH = 3;
    private static final int SCHED_IDLE = 5;
    private static final int SCHED_RESET_ON_FORK = 0x40000000;
    private static final String REALTIME_NOTE = "SCHED_OTHER, SCHED_BATCH and SCHED_IDLE are accepted (all threads are "
            + "scheduled alike); SCHED_FIFO and SCHED_RR are refused with EPERM, as for a process without CAP_SYS_NICE";
    /** membarrier commands (linux/membarrier.h). */
    private static final int MEMBARRIER_CMD_QUERY = 0;
    private static final int MEMBARRIER_CMD_GLOBAL = 1;
    private static final int MEMBARRIER_CMD_GLOBAL_EXPEDITED = 2;
    private static final int MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 4;
    private static final int MEMBARRIER_CMD_PRIVATE_EXPEDITED = 8;
    private static final int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 16;
    private static final int SUPPORTED_BARRIERS = MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED
            | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;

    static long setscheduler(Task t, int pid, int policy, long param) {
        checkTarget(t, pid);
        if (pid < 0 || param == 0) {
            throw Errno.EINVAL.exception();
        }
        int priority = t.process().mm().space().readInt(param);
        switch (policy & ~SCHED_RESET_ON_FORK) {
            case SCHED_OTHER, SCHED_BATCH, SCHED_IDLE -> {
                if (priority != 0) {
                    throw Errno.EINVAL.exception();
                }
                return 0;
            }
            case SCHED_FIFO, SCHED_RR -> {
                if (priority < 1 || priority > 99) {
                    throw Errno.EINVAL.exception();
                }
                throw Errno.EPERM.exception();
            }
            default -> throw Errno.EINVAL.exception();
        }
    }

    static long getparam(Task t, int pid, long param) {
        checkTarget(t, pid);
        if (pid < 0 || param == 0) {
            throw Errno.EINVAL.exception();
        }
        t.process().mm().space().writeInt(param, 0);
        return 0;
    }

    static long priorityLimit(int policy, boolean max) {
        return switch (policy) {
            case SCHED_FIFO, SCHED_RR -> max ? 99 : 1;
            case SCHED_OTHER, SCHED_BATCH, SCHED_IDLE -> 0;
            default -> throw Errno.EINVAL.exception();
        };
    }

    /**
     * membarrier(2). The threads of a process run one at a time on its CPU and hand over through
     * a lock, so every barrier is already in place when the call is made; the call only keeps
     * Linux's rules about registration.
     */
    static long membarrier(Task t, int cmd, int flags) {
        if (flags != 0) {
            throw Errno.EINVAL.exception();
        }
        return switch (cmd) {
            case MEMBARRIER_CMD_QUERY -> SUPPORTED_BARRIERS;
            case MEMBARRIER_CMD_GLOBAL, MEMBARRIER_CMD_GLOBAL_EXPEDITED, MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED -> 0;
            case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED -> {
                t.process().registerMembarrier();
                yield 0;
            }
            case MEMBARRIER_CMD_PRIVATE_EXPEDITED -> {
                if (!t.process().membarrierRegistered()) {
                    throw Errno.EPERM.exception();
                }
                yield 0;
            }
            default -> throw Errno.EINVAL.exception();
        };
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
