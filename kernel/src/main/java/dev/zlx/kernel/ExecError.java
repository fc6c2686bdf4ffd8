package dev.zlx.kernel;

import dev.zlx.abi.Errno;

/**
 * Why an execve could not start a program: the errno the guest gets, and one line for a human
 * (the command line prints it when the first program fails).
 */
public final class ExecError extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Errno errno;

    public ExecError(Errno errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
