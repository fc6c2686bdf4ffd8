package dev.zlx.abi;

/** The default action of each signal, as signal(7) tabulates it. */
public enum SignalDefault {
    /** Terminate the process. */
    TERM,
    /** Terminate the process and dump core (where RLIMIT_CORE allows). */
    CORE,
    /** Ignore the signal. */
    IGN,
    /** Stop the process. */
    STOP,
    /** Continue the process if it is stopped. */
    CONT;

    /** The default action of signal sig (1…64); real-time signals terminate. */
    public static SignalDefault of(int sig) {
        return switch (sig) {
            case Signals.SIGQUIT, Signals.SIGILL, Signals.SIGTRAP, Signals.SIGABRT, Signals.SIGBUS, Signals.SIGFPE,
                    Signals.SIGSEGV, Signals.SIGXCPU, Signals.SIGXFSZ, Signals.SIGSYS -> CORE;
            case Signals.SIGCHLD, Signals.SIGURG, Signals.SIGWINCH -> IGN;
            case Signals.SIGSTOP, Signals.SIGTSTP, Signals.SIGTTIN, Signals.SIGTTOU -> STOP;
            case Signals.SIGCONT -> CONT;
            default -> TERM;
        };
    }
}
