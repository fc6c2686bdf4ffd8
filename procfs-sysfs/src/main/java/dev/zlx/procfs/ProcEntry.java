package dev.zlx.procfs;

import dev.zlx.kernel.Kernel;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One file of the system-wide part of /proc, as its tables list it: the path under /proc, the
 * mode, the text generated per open (per call for a sysctl), what a write does (null for a
 * read-only file), and how it is read: as a seq_file, or as a numeric or string sysctl
 * ({@link SysctlFile}).
 */
public record ProcEntry(String path, int mode, Function<Kernel, String> text, BiConsumer<Kernel, String> write,
        Kind kind) {
    /** How the file is served. */
    public enum Kind {
        SEQ_FILE, SYSCTL_NUMBER, SYSCTL_STRING
    }

    public static ProcEntry file(String path, Function<Kernel, String> text) {
        return new ProcEntry(path, 0444, text, null, Kind.SEQ_FILE);
    }

    public static ProcEntry writable(String path, Function<Kernel, String> text, BiConsumer<Kernel, String> write) {
        return new ProcEntry(path, 0644, text, write, Kind.SEQ_FILE);
    }

    /** A sysctl: read-only (0444) when write is null, else 0644. */
    public static ProcEntry sysctl(Kind kind, String path, Function<Kernel, String> text,
            BiConsumer<Kernel, String> write) {
        return new ProcEntry(path, write == null ? 0444 : 0644, text, write, kind);
    }
}
