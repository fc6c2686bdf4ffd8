package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.RESOURCE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Resource;
import dev.zlx.abi.Rlimit;
import dev.zlx.abi.Sysinfo;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.KernelConfig;
import dev.zlx.kernel.LoadAverage;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Rlimits;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;

/** Resource limits and system-wide figures: prlimit64(2), getrlimit(2), setrlimit(2), sysinfo(2). */
public final class ResourceSyscalls {
    public void register(SyscallRegistry r) {
        r.full("prlimit64", (t, a) -> prlimit(t, a.i32(0), a.i32(1), a.ptr(2), a.ptr(3)), INT, RESOURCE, PTR, PTR);
        r.full("getrlimit", (t, a) -> prlimit(t, 0, a.i32(0), 0, a.ptr(1)), RESOURCE, PTR);
        r.full("setrlimit", (t, a) -> prlimit(t, 0, a.i32(0), a.ptr(1), 0), RESOURCE, PTR);
        r.partial("sysinfo", "load averages count the tasks whose host thread is runnable; no swap",
                (t, a) -> sysinfo(t, a.ptr(0)), PTR);
    }

    static long prlimit(Task t, int pid, int resource, long newLimit, long oldLimit) {
        Process target = pid == 0 || pid == t.process().pid() ? t.process() : t.process().kernel().process(pid);
        if (target == null) {
            throw Errno.ESRCH.exception();
        }
        if (resource < 0 || resource >= Resource.RLIM_NLIMITS) {
            throw Errno.EINVAL.exception();
        }
        Rlimits limits = target.rlimits();
        Rlimit wanted = newLimit == 0 ? null : Rlimit.read(UserMemory.read(t.process().mm().space(), newLimit,
                Rlimit.SIZE), 0);
        Rlimit old = new Rlimit(limits.soft(resource), limits.hard(resource));
        if (wanted != null) {
            if (Long.compareUnsigned(wanted.cur(), wanted.max()) > 0) {
                throw Errno.EINVAL.exception();
            }
            boolean raisesHard = Long.compareUnsigned(wanted.max(), old.max()) > 0;
            if (raisesHard && !dev.zlx.kernel.Privilege.global(t.process())) {
                throw Errno.EPERM.exception();
            }
            if (resource == Resource.RLIMIT_NOFILE && Long.compareUnsigned(wanted.max(), t.process().kernel().tunables().nrOpen()) > 0) {
                throw Errno.EPERM.exception();
            }
            limits.set(resource, wanted.cur(), wanted.max());
            if (resource == Resource.RLIMIT_AS && target.mm() != null) {
                target.mm().setAddressSpaceLimit(wanted.cur() == Rlimits.INFINITY ? Long.MAX_VALUE : wanted.cur());
            }
            if (resource == Resource.RLIMIT_CPU) {
                target.cpuLimit().limitChanged();
            }
        }
        if (oldLimit != 0) {
            UserMemory.write(t.process().mm().space(), oldLimit, old.encode());
        }
        return 0;
    }

    static long sysinfo(Task t, long info) {
        Kernel k = t.process().kernel();
        KernelConfig c = k.config();
        long used = k.usedMemoryBytes();
        long total = c.memoryBytes();
        long free = Math.max(0, total - used);
        long[] load = k.load().averages();
        int shift = Sysinfo.SI_LOAD_SHIFT - LoadAverage.FSHIFT;
        Sysinfo s = new Sysinfo(k.monotonicNanos() / 1_000_000_000L, load[0] << shift, load[1] << shift,
                load[2] << shift, total, free, 0, 0, 0, 0, k.taskCount(), 0, 0, 1);
        UserMemory.write(t.process().mm().space(), info, s.encode());
        return 0;
    }
}
