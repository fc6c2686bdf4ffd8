package dev.zlx.cpu;

/**
 * Why {@link ExecutionContext#run} returned.
 *
 * @param kind what happened
 * @param address the faulting data address for memory faults, else the guest PC
 * @param detail the access kind for memory faults, the interrupt number for {@link
 *     Kind#EXCEPTION}, else 0
 * @param message the backend's own words for {@link Kind#ENGINE_ERROR}, else null
 */
public record StopReason(Kind kind, long address, int detail, String message) {
    /** Access kinds in {@link #detail} of memory faults. */
    public static final int ACCESS_READ = 1;
    public static final int ACCESS_WRITE = 2;
    public static final int ACCESS_FETCH = 3;

    public enum Kind {
        /** The trap handler or {@link ExecutionContext#interrupt} ended the run. */
        STOPPED,
        /** Access to unmapped memory (SIGSEGV, SEGV_MAPERR). */
        UNMAPPED,
        /** Access forbidden by the protection (SIGSEGV, SEGV_ACCERR). */
        PROTECTION,
        /** An instruction the CPU does not know (SIGILL). */
        ILLEGAL_INSTRUCTION,
        /** A CPU exception or interrupt other than a syscall: detail is its number. */
        EXCEPTION,
        /** The engine failed; message says how. */
        ENGINE_ERROR
    }

    public static StopReason stopped(long pc) {
        return new StopReason(Kind.STOPPED, pc, 0, null);
    }
}
