package dev.zlx.kernel;

/**
 * The syscall layer as the kernel sees it: given a task stopped at a syscall, decode, handle
 * and set the result. Implemented by the syscall-table module; wired by the orchestrator.
 */
public interface SyscallDispatcher {
    /**
     * Handles the syscall the task's CPU is stopped at. Never throws.
     *
     * @return true to resume the guest, false when the task must leave its run loop (exit,
     *     execve)
     */
    boolean dispatch(Task task);

    /**
     * Handles a syscall that {@link #dispatch} deferred (in a process with several threads every
     * syscall runs outside the CPU's run, so that the others can run meanwhile). Called by the
     * run loop on the task's own thread, without the CPU; sets the result. Never throws.
     *
     * @return true to resume the guest, false when the task must leave its run loop
     */
    boolean completeDeferred(Task task);
}
