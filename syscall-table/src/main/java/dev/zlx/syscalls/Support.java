package dev.zlx.syscalls;

/** How far zlx implements a syscall, as the compatibility table reports it. */
public enum Support {
    /** Implemented as the man page describes. */
    FULL,
    /** Implemented for what real programs use; the row's note says what is missing. */
    PARTIAL,
    /** Not implemented: the guest gets ENOSYS and the call is counted in the report. */
    NONE
}
