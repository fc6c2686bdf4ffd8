package dev.zlx.elf;

import dev.zlx.abi.Errno;

/** A file that starts with {@code #!} but whose interpreter line Linux would refuse (ENOEXEC). */
public final class ScriptException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An exception whose message is the one-line {@code reason}. */
    public ScriptException(String reason) {
        super(reason, null, false, false);
    }

    /** The error execve returns: ENOEXEC, as load_script does. */
    public Errno errno() {
        return Errno.ENOEXEC;
    }
}
