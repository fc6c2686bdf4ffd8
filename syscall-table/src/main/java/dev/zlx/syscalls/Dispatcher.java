package dev.zlx.syscalls;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.GuestMemoryFault;
import dev.zlx.abi.Signals;
import dev.zlx.abi.SyscallNumbers;
import dev.zlx.kernel.ProcessTree;
import dev.zlx.kernel.SignalDelivery;
import dev.zlx.kernel.SignalSender;
import dev.zlx.kernel.SyscallDispatcher;
import dev.zlx.vfs.BrokenPipe;
import dev.zlx.vfs.Interruption;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.trace.Strace;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The syscall path: read the number and arguments, find the row, run the handler, turn a
 * thrown errno (or a bad guest pointer) into the negative result, trace, resume. The only
 * place that writes the result register. Never lets anything escape: an internal failure of a
 * handler becomes EIO for the guest and a line on the diagnostics stream.
 */
public final class Dispatcher implements SyscallDispatcher {
    private final Map<Arch, SyscallTable> tables = new EnumMap<>(Arch.class);
    /** Per arch and syscall number: MAY_SHARE_CPU, NEVER_WAIT or neither (no set lookup per call). */
    private final Map<Arch, byte[]> placement = new EnumMap<>(Arch.class);
    private final CompatReport report;
    private final Strace strace;
    private final PrintStream diagnostics;
    private final ThreadLocal<SyscallArgs> args = ThreadLocal.withInitial(SyscallArgs::new);

    public Dispatcher(SyscallRegistry registry, CompatReport report, Strace strace, PrintStream diagnostics) {
        for (Arch arch : Arch.values()) {
            SyscallTable table = new SyscallTable(arch, registry);
            tables.put(arch, table);
            placement.put(arch, placement(table.numbers()));
        }
        this.report = report;
        this.strace = strace;
        this.diagnostics = diagnostics;
    }

    public SyscallTable table(Arch arch) {
        return tables.get(arch);
    }

    /**
     * Calls that can create a process running on the caller's CPU engine (clone with CLONE_VM,
     * vfork): the caller must be out of its run before the child can run.
     */
    private static final Set<String> MAY_SHARE_CPU = Set.of("clone", "clone3", "vfork");

    /**
     * Calls that never wait and take neither the memory map's lock nor the futex lock (both
     * are taken before the execution lock by deferred calls of other threads): handled inside
     * the run even when other threads share the CPU, which saves a stop and a restart each.
     * Go calls clock_gettime thousands of times a second, and tgkill for preemption.
     */
    private static final Set<String> NEVER_WAIT = Set.of("clock_gettime", "clock_getres", "gettimeofday", "time",
            "getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getpgrp", "getpgid", "getsid",
            "uname", "sched_getaffinity", "getrlimit", "rt_sigprocmask", "rt_sigaction", "sigaltstack", "tgkill",
            "tkill");

    private static final byte ANY = 0;
    private static final byte SHARES_CPU = 1;
    private static final byte NEVER_WAITS = 2;

    private static byte[] placement(SyscallNumbers numbers) {
        byte[] p = new byte[numbers.maxNumber() + 1];
        MAY_SHARE_CPU.stream().mapToInt(numbers::number).filter(n -> n >= 0).forEach(n -> p[n] = SHARES_CPU);
        NEVER_WAIT.stream().mapToInt(numbers::number).filter(n -> n >= 0).forEach(n -> p[n] = NEVER_WAITS);
        return p;
    }

    @Override
    public boolean dispatch(Task task) {
        long[] regs = task.syscallRegisters();
        task.cpu().readSyscall(regs);
        byte[] places = placement.get(task.cpu().arch());
        long number = regs[0];
        byte place = number >= 0 && number < places.length ? places[(int) number] : ANY;
        boolean othersNeedTheCpu = task.process().tasks().size() > 1 || task.process().mm().shared()
                || task.cpu().addressSpace().sharesCpu();
        if ((othersNeedTheCpu && place != NEVER_WAITS) || place == SHARES_CPU) {
            // Another thread or process may need the CPU while this syscall blocks: handle it
            // outside the run.
            task.deferSyscall();
            return false;
        }
        return complete(task);
    }

    @Override
    public boolean completeDeferred(Task task) {
        return complete(task);
    }

    /** Handles the syscall whose registers the task holds, traces it, and sets its result. */
    private boolean complete(Task task) {
        ExecutionContext cpu = task.cpu();
        long[] regs = task.syscallRegisters();
        Arch arch = cpu.arch();
        SyscallTable table = tables.get(arch);
        long number = regs[0];
        Syscall row = table.row(number);
        SyscallArgs a = args.get();
        a.reset(regs);
        String[] traced = null;
        long[] traceArgs = null;
        if (strace != null && row != null) {
            traceArgs = Arrays.copyOfRange(regs, 1, 7);
            traced = strace.enter(arch, cpu.addressSpace(), row.args(), traceArgs);
        }
        long result;
        if (row == null) {
            String name = table.name(number);
            report.missingSyscall(name != null ? name : "#" + number + " (not a Linux syscall)");
            result = Errno.ENOSYS.asSyscallResult();
            if (strace != null) {
                // strace's own name for a number it does not know.
                strace.exit(task.tid(), name != null ? name : "syscall_0x" + Long.toHexString(number), arch,
                        cpu.addressSpace(), List.of(), regs, new String[0], result, false);
            }
        } else {
            result = invoke(task, row, a);
        }
        boolean leaving = task.cpu() != cpu || task.process().exitStatus() != null || task.hasPendingExec()
                || task.leavingRunLoop();
        if (traced != null) {
            long shown = result;
            if (result == Errno.EINTR.asSyscallResult() && (task.hasDeliverable() || task.process().isStopped())) {
                shown = -Restart.interruptedCode(row.name(), task.hasRestartBlock());
            }
            strace.exit(task.tid(), row.name(), arch, cpu.addressSpace(), row.args(), traceArgs, traced, shown,
                    leaving && !task.hasPendingExec());
        }
        if (leaving) {
            return false;
        }
        boolean restartNoIntr = result == RestartNoIntr.RESULT;
        if (task.process().isStopped()) {
            // Stopped (job control): wait for SIGCONT; a wait the stop interrupted goes on, except
            // in the calls signal(7) lists as failing with EINTR then.
            boolean interruptedByStop = restartNoIntr
                    || result == Errno.EINTR.asSyscallResult() && !task.hasDeliverable()
                    && Restart.survivesStop(row == null ? "" : row.name());
            ProcessTree.awaitContinue(task);
            if (task.process().exitStatus() != null) {
                return false;
            }
            if (interruptedByStop) {
                if (task.hasRestartBlock()) {
                    Restart.rewind(cpu, table.numbers().number("restart_syscall"), regs);
                } else {
                    Restart.rewind(cpu, regs);
                }
                if (task.hasDeliverable()) {
                    SignalDelivery.deliver(task);
                }
                return task.process().exitStatus() == null;
            }
        }
        // Only a stop restarts through the restart block; any other end of the call drops it.
        boolean hadRestartBlock = task.takeRestartBlock() != null;
        if (task.hasDeliverable()) {
            return takeSignals(task, cpu, row, regs, result, hadRestartBlock);
        }
        if (restartNoIntr) {
            // Interrupted by nothing the task must take (an ignored signal, a kick): again.
            Restart.rewind(cpu, regs);
            return true;
        }
        cpu.setSyscallResult(result);
        return true;
    }

    /**
     * Leaves the syscall with signals to take: an EINTR from a call whose handler asked for
     * SA_RESTART restarts it (the CPU is set back onto the syscall instruction with its number
     * and first argument), as does {@link RestartNoIntr} whatever SA_RESTART says; otherwise the
     * result stands; then the signal frame is pushed.
     */
    private static boolean takeSignals(Task task, ExecutionContext cpu, Syscall row, long[] regs, long result,
            boolean hadRestartBlock) {
        // A call that left a restart block (ERESTART_RESTARTBLOCK) is never restarted after a handler.
        boolean restart = result == RestartNoIntr.RESULT || result == Errno.EINTR.asSyscallResult()
                && !hadRestartBlock && SignalDelivery.restarts(task, row != null && Restart.isRestartable(row.name()));
        if (restart) {
            Restart.rewind(cpu, regs);
        } else {
            cpu.setSyscallResult(result);
        }
        SignalDelivery.deliver(task);
        return task.process().exitStatus() == null;
    }

    private long invoke(Task task, Syscall row, SyscallArgs a) {
        try {
            return row.handler().call(task, a);
        } catch (LinuxException e) {
            return e.errno().asSyscallResult();
        } catch (RestartNoIntr e) {
            return RestartNoIntr.RESULT;
        } catch (GuestMemoryFault e) {
            return Errno.EFAULT.asSyscallResult();
        } catch (BrokenPipe e) {
            SignalSender.send(task.process(), Signals.SIGPIPE, task);
            return Errno.EPIPE.asSyscallResult();
        } catch (RuntimeException | StackOverflowError e) {
            diagnostics.println("zlx: internal error in " + row.name() + ": " + e
                    + " (the guest got EIO; please report this)");
            return Errno.EIO.asSyscallResult();
        } finally {
            // A kick is answered by the signal taken on the way out; it must not end a later wait.
            Interruption.current().clear();
        }
    }

    public CompatReport report() {
        return report;
    }
}
