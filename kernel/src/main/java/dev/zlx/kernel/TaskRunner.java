package dev.zlx.kernel;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.TrapHandler;
import dev.zlx.vfs.Interruption;

/**
 * The run loop of one task: run guest code until something needs the kernel, handle it, go
 * on. Syscalls are handled inside the CPU's trap (no stop per syscall); the loop only regains
 * control for exits, execve commits and faults.
 */
public final class TaskRunner {
    private final Task task;
    private final SyscallDispatcher dispatcher;
    private final TrapHandler trap;

    /** Told when a fault kills a task, so the front end can explain it. */
    @FunctionalInterface
    public interface FaultListener {
        void onFatalFault(Task task, StopReason reason, int signal);
    }

    public TaskRunner(Task task) {
        this.task = task;
        this.dispatcher = task.process().kernel().dispatcher();
        this.trap = context -> dispatcher.dispatch(task);
    }

    /** Runs task on a new host thread (a forked child). */
    static void start(Task task) {
        Thread t = Thread.ofPlatform().name("zlx-task-" + task.tid()).daemon(true)
                .unstarted(() -> new TaskRunner(task).run());
        t.start();
    }

    /**
     * Runs the task until it ends, then releases it (the last task releases the process).
     * Returns how the process ended, or null if the task left a process that goes on (it was
     * ended by another thread's execve); {@link ProcessTree#awaitDeath} waits for the end then.
     */
    public ExitStatus run() {
        Process process = task.process();
        Task.setCurrent(task);
        task.bindHostThread();
        task.setInterruption(Interruption.current());
        Interruption.current().countWaitsIn(process.kernel().contextSwitchCounter());
        dev.zlx.vfs.tty.JobControl.bind(new TaskJobControl(task));
        try {
            loop(process);
        } finally {
            end(process);
        }
        return process.exitStatus();
    }

    private void loop(Process process) {
        while (true) {
            if (process.isStopped()) {
                ProcessTree.awaitContinue(task);
            }
            if (task.leavingRunLoop() || process.exitStatus() != null) {
                break;
            }
            ExecutionContext cpu = task.cpu();
            StopReason reason = cpu.run(trap);
            if (task.takeDeferredSyscall()) {
                // The result is set unless the task leaves; exec and exit are seen below.
                dispatcher.completeDeferred(task);
            }
            Task.PendingExec exec = task.takePendingExec();
            if (exec != null) {
                task.setCpu(exec.commit(task));
                task.releaseVforkParent();
                continue;
            }
            if (task.leavingRunLoop() || process.exitStatus() != null) {
                break;
            }
            if (reason.kind() != StopReason.Kind.STOPPED) {
                int signal = signalFor(cpu.arch(), reason);
                if (!SignalDelivery.fault(task, Siginfo.fault(signal, siCode(reason), reason.address()))) {
                    process.kernel().faultListener().onFatalFault(task, reason, signal);
                    break;
                }
                continue;
            }
            if (task.hasDeliverable()) {
                Interruption.current().clear();
                SignalDelivery.deliver(task);
            }
        }
    }

    /**
     * The task leaves: a thread of a process that goes on just goes (clear_child_tid written and
     * woken); the last one closes the descriptors, drops the memory and makes a zombie.
     */
    private void end(Process process) {
        process.kernel().futexes().exitRelease(task);
        if (process.exitStatus() == null || process.tasks().size() > 1) {
            clearChildTid(task);
        }
        if (process.retireTask(task) > 0) {
            // The process goes on without this thread: its CPU context goes back.
            task.cpu().release();
            if (process.exitStatus() != null) {
                // exit_group or a fatal signal: the other threads go too.
                process.tasks().forEach(t -> t.kick());
            }
            return;
        }
        // A task that dies of an internal error still leaves a well-defined process behind.
        process.setExitStatus(ExitStatus.killed(Signals.SIGKILL, false));
        process.realTimer().cancel();
        process.cpuItimers().cancel();
        process.posixTimers.deleteAll();
        process.fds().release();
        process.kernel().sessions().exited(process);
        process.releaseHandlers();
        var mm = process.mm();
        if (mm != null) {
            mm.close();
        }
        task.releaseVforkParent();
        process.kernel().tree().exited(process);
    }

    /**
     * execve's exec_mm_release (kernel/fork.c mm_release): the robust list is walked and
     * forgotten, PI futexes still owned go to their waiters; clear_child_tid is written and
     * woken only if another process still uses the old memory (a vfork parent), then forgotten.
     */
    static void releaseThreadMemoryWords(Task task) {
        task.process().kernel().futexes().execRelease(task);
        task.setRobustList(0, 0);
        var mm = task.process().mm();
        if (mm != null && mm.shared()) {
            clearChildTid(task);
        }
        task.setClearChildTid(0);
    }

    /** CLONE_CHILD_CLEARTID / set_tid_address: zero the word and wake one futex waiter (pthread_join). */
    private static void clearChildTid(Task task) {
        Process process = task.process();
        long addr = task.clearChildTid();
        var mm = process.mm();
        if (addr == 0 || mm == null) {
            return;
        }
        try {
            mm.space().writeInt(addr, 0);
            process.kernel().futexes().wake(mm.space(), addr, 1, -1);
        } catch (RuntimeException badAddress) {
            // Linux ignores a clear_child_tid it cannot write.
        }
    }

    /** The si_code of a fault's siginfo. */
    private static int siCode(StopReason reason) {
        return switch (reason.kind()) {
            case UNMAPPED -> Siginfo.SEGV_MAPERR;
            case PROTECTION -> Siginfo.SEGV_ACCERR;
            case ILLEGAL_INSTRUCTION -> Siginfo.ILL_ILLOPC;
            default -> Siginfo.SI_KERNEL;
        };
    }

    /** The signal Linux raises for a CPU fault. */
    static int signalFor(Arch arch, StopReason reason) {
        return switch (reason.kind()) {
            case UNMAPPED, PROTECTION -> Signals.SIGSEGV;
            case ILLEGAL_INSTRUCTION -> Signals.SIGILL;
            case EXCEPTION -> arch == Arch.AARCH64 ? aarch64Signal(reason.detail()) : x86Signal(reason.detail());
            case ENGINE_ERROR -> Signals.SIGSEGV;
            case STOPPED -> 0;
        };
    }

    /** x86 exception vectors (Intel SDM vol. 3, table 6-1) to the signals Linux's traps.c sends. */
    private static int x86Signal(int vector) {
        return switch (vector) {
            case 0 -> Signals.SIGFPE; // #DE divide error
            case 1, 3 -> Signals.SIGTRAP; // #DB, #BP (int3)
            case 6 -> Signals.SIGILL; // #UD
            case 7, 16, 19 -> Signals.SIGFPE; // #NM, #MF, #XM floating point
            case 17 -> Signals.SIGBUS; // #AC alignment check
            default -> Signals.SIGSEGV; // #GP, #SS, #PF, int 0x80 and the rest
        };
    }

    /** The engine's aarch64 exception numbers (QEMU's EXCP_*) to the signals Linux sends. */
    private static int aarch64Signal(int excp) {
        return switch (excp) {
            case 1 -> Signals.SIGILL; // EXCP_UDEF: undefined instruction
            case 7 -> Signals.SIGTRAP; // EXCP_BKPT: brk
            case 22 -> Signals.SIGBUS; // EXCP_UNALIGNED
            default -> Signals.SIGSEGV; // aborts and the rest
        };
    }
}
