package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Resource;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.kernel.mm.Mm;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * fork(2), vfork(2) and the process-creating forms of clone(2): a new process with a copy of
 * the caller's memory (an eager copy by the CPU backend) or, for CLONE_VM, the caller's memory
 * itself, and copies of its descriptors, file system context, limits, credentials and signal
 * dispositions, whose one task resumes after the syscall with 0 as its result. The child runs
 * on a host thread of its own; with shared memory it runs on the caller's CPU engine, so the
 * caller is out of its run (the dispatcher defers process-creating calls).
 */
public final class Fork {
    private Fork() {
    }

    /**
     * Creates the child and starts it.
     *
     * @param exitSignal the signal the parent gets when the child ends (SIGCHLD for fork)
     * @param vfork whether the caller is suspended until the child execs or exits
     * @param shareMemory CLONE_VM: the child uses the caller's memory instead of a copy
     * @param setup what clone's flags ask of the child before it first runs (stack, TLS, tid words)
     * @return the child's pid
     */
    public static int fork(Task parent, int exitSignal, boolean vfork, boolean shareMemory, Consumer<Task> setup) {
        Process p = parent.process();
        Kernel kernel = p.kernel();
        long nproc = p.rlimits().soft(Resource.RLIMIT_NPROC);
        if (nproc != Rlimits.INFINITY && p.credentials().uid() != 0 && kernel.processes().size() >= nproc) {
            throw Errno.EAGAIN.exception();
        }
        int pid = kernel.allocatePid();
        Mm mm;
        if (shareMemory) {
            mm = p.mm().share();
        } else {
            mm = p.mm().copyInto(p.mm().space().copy());
        }
        AddressSpace space = mm.space();
        Process child = new Process(kernel, pid, p.pid(), exitSignal, p.fds().copy(), p.fs().copy(),
                p.rlimits().copy(), p.credentials());
        child.inheritFrom(p, mm);
        Task task = new Task(pid, child);
        ExecutionContext cpu = space.createContext();
        parent.cpu().copyRegistersTo(cpu);
        cpu.setSyscallResult(0);
        task.setCpu(cpu);
        task.setSignalMask(parent.signalMask());
        task.setAltStack(parent.altStack());
        child.addTask(task);
        setup.accept(task);
        CountDownLatch released = vfork ? new CountDownLatch(1) : null;
        task.setVforkRelease(released);
        kernel.register(child);
        kernel.tree().adopt(p, child);
        TaskRunner.start(task);
        child.cpuLimit().limitChanged();
        if (released != null) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return pid;
    }
}
