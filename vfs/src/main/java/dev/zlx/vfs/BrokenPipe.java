package dev.zlx.vfs;

/**
 * What a write to a pipe or FIFO without readers throws: the syscall layer answers EPIPE and
 * sends SIGPIPE to the writer, as Linux's pipe_write does.
 */
public final class BrokenPipe extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Stackless and shared: a broken pipe is an ordinary event. */
    public static final BrokenPipe INSTANCE = new BrokenPipe();

    private BrokenPipe() {
        super("broken pipe", null, false, false);
    }
}
