package dev.zlx.cpu;

/**
 * What an execution context calls, on the guest thread, when the guest makes a system call.
 * Implementations must not throw: a backend may run them inside a native callback.
 */
@FunctionalInterface
public interface TrapHandler {
    /**
     * Handles the system call the context is stopped at (its number and arguments are readable,
     * {@link ExecutionContext#setSyscallResult} sets its result).
     *
     * @return true to resume the guest after the syscall, false to end the run
     *     ({@link ExecutionContext#run} then returns {@link StopReason.Kind#STOPPED})
     */
    boolean onSyscall(ExecutionContext context);
}
