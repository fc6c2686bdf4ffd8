package dev.zlx.kernel;

/**
 * How a process ended: by exit(code) or killed by a signal (with or without a core dump).
 * The wait status and the shell-style status follow from it.
 */
public record ExitStatus(int code, int signal, boolean coreDumped) {
    public static ExitStatus exited(int code) {
        return new ExitStatus(code & 0xff, 0, false);
    }

    public static ExitStatus killed(int signal, boolean core) {
        return new ExitStatus(0, signal, core);
    }

    /** The status a shell reports: the exit code, or 128 + the signal. */
    public int shellStatus() {
        return signal != 0 ? 128 + signal : code;
    }

    /** The wait(2) status word. */
    public int waitStatus() {
        return signal != 0 ? (signal & 0x7f) | (coreDumped ? 0x80 : 0) : (code & 0xff) << 8;
    }
}
