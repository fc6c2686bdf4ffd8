package dev.zlx.cpu;

/** A failure of the CPU backend itself (an engine error), carrying the backend's own message. */
public class CpuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CpuException(String message) {
        super(message);
    }

    public CpuException(String message, Throwable cause) {
        super(message, cause);
    }
}
