package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Resource;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.kernel.mm.Mm;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * fork(2), vfork(2) and the process-creating forms of clone(2): a new process with a copy of
 * the caller's memory (an eager copy by the CPU backend) or, for CLONE_VM, the caller's memory
 * itself, and copies of its descriptors, file system context, limits, credentials, nice value and
 * signal dispositions, whose one task resumes after the syscall with 0 as its result. The child runs
 * on a host thread of its own; with shared memory it runs on the caller's CPU engine, so the
 * caller is out of its run (the dispatcher defers process-creating calls).
 */
public final class Fork {
    private Fork() {
    }

    /**
     * What clone(2)'s flags ask of a new process.
     *
     * @param exitSignal the signal the parent gets when the child ends (SIGCHLD for fork)
     * @param vfork CLONE_VFORK: the caller is suspended until the child execs or exits
     * @param shareMemory CLONE_VM: the child uses the caller's memory instead of a copy
     * @param shareFiles CLONE_FILES: the child uses the caller's descriptor table
     * @param shareFs CLONE_FS: the child shares root, working directory and umask
     * @param sameParent CLONE_PARENT: the child's parent is the caller's parent
     * @param shareHandlers CLONE_SIGHAND (with CLONE_VM): the child uses the caller's dispositions
     * @param newMountNamespace CLONE_NEWNS (never with CLONE_FS): the child gets a copy of the
     *     caller's mount namespace
     */
    public record Options(int exitSignal, boolean vfork, boolean shareMemory, boolean shareFiles, boolean shareFs,
            boolean sameParent, boolean shareHandlers, boolean newMountNamespace) {
        /** fork(2). */
        public static final Options FORK = new Options(Signals.SIGCHLD, false, false, false, false, false, false,
                false);
        /** vfork(2): CLONE_VM | CLONE_VFORK | SIGCHLD. */
        public static final Options VFORK = new Options(Signals.SIGCHLD, true, true, false, false, false, false,
                false);
    }

    /**
     * Creates the child and starts it.
     *
     * @param setup what clone's flags ask of the child before it first runs (stack, TLS, tid words)
     * @return the child's pid
     */
    public static int fork(Task parent, Options o, Consumer<Task> setup) {
        Process p = parent.process();
        Kernel kernel = p.kernel();
        long nproc = p.rlimits().soft(Resource.RLIMIT_NPROC);
        if (nproc != Rlimits.INFINITY && p.credentials().uid() != 0 && kernel.processes().size() >= nproc) {
            throw Errno.EAGAIN.exception();
        }
        kernel.checkThreadsMax();
        // CLONE_PARENT: the caller's parent adopts the child, which then ends with the caller's own exit signal.
        Process parentOfChild = o.sameParent() ? kernel.process(p.ppid()) : p;
        if (parentOfChild == null) {
            throw Errno.EINVAL.exception();
        }
        int exitSignal = o.sameParent() ? p.exitSignal() : o.exitSignal();
        int pid = kernel.allocatePid();
        kernel.countFork();
        Mm mm = o.shareMemory() ? p.mm().share() : p.mm().copyInto(p.mm().space().copy());
        AddressSpace space = mm.space();
        Process child = new Process(kernel, pid, parentOfChild.pid(), exitSignal,
                o.shareFiles() ? p.fds().share() : p.fds().copy(), o.shareFs() ? p.fs() : p.fs().copy(),
                p.rlimits().copy(), p.credentials());
        child.inheritFrom(p, mm, o.shareHandlers());
        child.setComm(parent.comm()); // the forking thread's name and persona, which need not be the leader's
        child.setPersonality(parent.personality());
        Task task = new Task(pid, child);
        ExecutionContext cpu = space.createContext();
        parent.cpu().copyRegistersTo(cpu);
        cpu.setSyscallResult(0);
        task.setCpu(cpu);
        task.setSignalMask(parent.signalMask());
        task.setAltStack(parent.altStack());
        task.setNice(parent.nice());
        task.setLoginuid(parent.loginuid());
        child.addTask(task);
        setup.accept(task);
        if (o.newMountNamespace()) {
            // After setup, which may have given the child a new user namespace to own it.
            child.newMountNamespace();
        }
        CountDownLatch released = o.vfork() ? new CountDownLatch(1) : null;
        task.setVforkRelease(released);
        kernel.register(child);
        kernel.tree().adopt(parentOfChild, child);
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
