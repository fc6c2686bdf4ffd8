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
}
