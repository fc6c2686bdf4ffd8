package dev.zlx.syscalls;

import dev.zlx.abi.Errno;

/**
 * Linux's -ERESTARTNOINTR for handlers: thrown when a signal (or a stop) interrupted a call
 * that Linux restarts once the signal is taken, whatever SA_RESTART says (futex LOCK_PI, and
 * WAIT_REQUEUE_PI before its requeue). The dispatcher puts the CPU back onto the syscall
 * instruction; user space never sees an error. Stackless and preallocated, like LinuxException.
 */
public final class RestartNoIntr extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The one instance handlers throw. */
    public static final RestartNoIntr INSTANCE = new RestartNoIntr();

    /** The result the dispatcher records for such a call (what strace shows). */
    static final long RESULT = -Errno.ERESTARTNOINTR;

    private RestartNoIntr() {
        super("ERESTARTNOINTR", null, false, false);
    }
}
