package dev.zlx.syscalls.trace;

/** How strace-style tracing decodes one syscall argument. */
public enum ArgKind {
    INT, UINT, LONG, HEX, PTR, SIZE,
    /** A file descriptor. */
    FD,
    /** A directory descriptor of the *at calls: AT_FDCWD by name. */
    DIRFD,
    /** A NUL-terminated path. */
    PATH,
    /** A buffer the call reads; its length is the next argument (write). */
    BUF_IN,
    /** A buffer the call fills; its length is the result (read). Shown after the call. */
    BUF_OUT,
    /** A NULL-terminated string array (argv). */
    ARGV,
    /** A NULL-terminated string array shown as a count (envp). */
    ENVP,
    OPEN_FLAGS, MODE, PROT, MAP_FLAGS, AT_FLAGS, SIGNAL, SIGMASK_HOW, CLOCK, WHENCE, IOCTL, ARCH_PRCTL,
    FCNTL_CMD, RESOURCE, MADVISE
}
