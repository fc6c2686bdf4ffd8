package dev.zlx.syscalls;

import dev.zlx.kernel.Task;

/**
 * A syscall handler as the table holds it: it decodes the arguments with the typed accessors
 * of {@link SyscallArgs} and calls a method with real types. It returns the non-negative
 * result, or throws the errno's {@link dev.zlx.abi.LinuxException}; it never returns -errno.
 */
@FunctionalInterface
public interface Handler {
    long call(Task task, SyscallArgs args);
}
