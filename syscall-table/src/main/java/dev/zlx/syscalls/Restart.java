package dev.zlx.syscalls;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.cpu.ExecutionContext;
import java.util.Set;

/**
 * Restarting a syscall that a signal interrupted (SA_RESTART), as signal(7) describes: which
 * calls are never restarted, and how the CPU is put back onto the syscall instruction.
 */
final class Restart {
    /** The calls signal(7) says fail with EINTR whatever SA_RESTART says (plus sigreturn itself). */
    private static final Set<String> NEVER = Set.of("poll", "ppoll", "select", "pselect6", "epoll_wait",
            "epoll_pwait", "epoll_pwait2", "nanosleep", "clock_nanosleep", "rt_sigtimedwait", "rt_sigsuspend",
            "pause", "io_getevents", "semop", "semtimedop", "msgrcv", "msgsnd", "rt_sigreturn", "restart_syscall",
            "usleep", "inotify_read");

    /**
     * The calls that fail with EINTR after a stop signal and SIGCONT even without a handler,
     * as signal(7) lists them for current kernels; every other call interrupted by a stop goes
     * on as if nothing happened.
     */
    private static final Set<String> EINTR_AFTER_STOP = Set.of("epoll_wait", "epoll_pwait", "epoll_pwait2",
            "semop", "semtimedop", "rt_sigtimedwait");

    /** The calls Linux ends with ERESTARTNOHAND when a signal interrupts them (no restart block). */
    private static final Set<String> RESTART_NO_HANDLER = Set.of("pause", "rt_sigsuspend", "select", "pselect6",
            "poll", "ppoll");

    private Restart() {
    }

    /**
     * The code Linux's call would have ended with when a signal interrupted it (zlx's handlers
     * all say EINTR and decide later): ERESTART_RESTARTBLOCK with a restart block, ERESTARTNOHAND
     * for the waits that are restarted only without a handler, ERESTARTSYS for the calls
     * SA_RESTART restarts, and EINTR itself for the rest. strace shows it.
     */
    static int interruptedCode(String name, boolean restartBlock) {
        if (restartBlock) {
            return Errno.ERESTART_RESTARTBLOCK;
        }
        if (RESTART_NO_HANDLER.contains(name)) {
            return Errno.ERESTARTNOHAND;
        }
        return isRestartable(name) ? Errno.ERESTARTSYS : Errno.EINTR.number();
    }

    static boolean survivesStop(String name) {
        return !EINTR_AFTER_STOP.contains(name);
    }

    static boolean isRestartable(String name) {
        return !NEVER.contains(name);
    }

    /** Puts the CPU back onto the syscall instruction, with the number and first argument it had. */
    static void rewind(ExecutionContext cpu, long[] regs) {
        rewind(cpu, regs[0], regs);
    }

    /**
     * Puts the CPU back onto the syscall instruction to make syscall number instead: Linux's
     * ERESTART_RESTARTBLOCK sets the number of restart_syscall, which runs the task's restart
     * block.
     */
    static void rewind(ExecutionContext cpu, long number, long[] regs) {
        if (cpu.arch() == Arch.X86_64) {
            cpu.setPc(cpu.pc() - 2); // syscall is 0f 05
            cpu.setRegister("rax", number);
        } else {
            cpu.setPc(cpu.pc() - 4); // svc #0
            cpu.setRegister("x0", regs[1]);
            cpu.setRegister("x8", number);
        }
    }
}
