package dev.zlx.orchestrator;

/** A mistake in how zlx was called: printed as one line, exit status 125. */
final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
