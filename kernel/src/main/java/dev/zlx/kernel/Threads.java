package dev.zlx.kernel;

import dev.zlx.abi.Resource;
import dev.zlx.abi.Errno;
import dev.zlx.cpu.ExecutionContext;
import java.util.function.Consumer;

/**
 * clone(2) with CLONE_THREAD: a new task in the caller's thread group, sharing its memory,
 * descriptors, file system context and signal dispositions, with a CPU that starts as a copy
 * of the caller's (returning 0 from clone) and runs on a host thread of its own.
 */
public final class Threads {
    private Threads() {
    }

    /**
     * Creates and starts the thread.
     *
     * @param setup what clone's flags ask of the new thread before it runs (stack, TLS, tid words)
     * @return its thread id
     */
    public static int create(Task caller, Consumer<Task> setup) {
        Process p = caller.process();
        Kernel kernel = p.kernel();
        long nproc = p.rlimits().soft(Resource.RLIMIT_NPROC);
        if (nproc != Rlimits.INFINITY && p.credentials().uid() != 0 && p.tasks().size() >= nproc) {
            throw Errno.EAGAIN.exception();
        }
        kernel.checkThreadsMax();
        int tid = kernel.allocatePid();
        kernel.countFork();
        Task task = new Task(tid, p);
        ExecutionContext cpu = p.mm().space().createContext();
        caller.cpu().copyRegistersTo(cpu);
        cpu.setSyscallResult(0);
        task.setCpu(cpu);
        task.setSignalMask(caller.signalMask());
        task.setNice(caller.nice());
        task.setComm(caller.comm()); // a new thread is named as its creator
        task.setPersonality(caller.personality());
        task.setLoginuid(caller.loginuid());
        setup.accept(task);
        p.addTask(task);
        TaskRunner.start(task);
        return tid;
    }
}
