package dev.zlx.syscalls;

import dev.zlx.syscalls.trace.ArgKind;
import java.util.List;

/**
 * One row of the syscall table: the name, the handler shared by every architecture, how
 * complete it is, what is missing (for PARTIAL), and how strace-style tracing shows the
 * arguments.
 */
public record Syscall(String name, Handler handler, Support support, String note, List<ArgKind> args) {
    public Syscall {
        if (support == Support.PARTIAL && (note == null || note.isBlank())) {
            throw new IllegalArgumentException(name + ": a PARTIAL row needs a note");
        }
    }
}
