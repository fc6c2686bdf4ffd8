package dev.zlx.abi;

/**
 * The one way a syscall handler reports failure: it throws the preallocated exception of an
 * {@link Errno} ({@code throw Errno.ENOENT.exception()}), and only the dispatcher turns it into
 * the negative return value. Stackless, so throwing it costs no more than a return.
 */
public final class LinuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Errno errno;

    LinuxException(Errno errno) {
        super(errno.name(), null, false, false);
        this.errno = errno;
    }

    /** The error this exception carries. */
    public Errno errno() {
        return errno;
    }
}
