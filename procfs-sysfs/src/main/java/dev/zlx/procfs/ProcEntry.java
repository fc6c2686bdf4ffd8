package dev.zlx.procfs;

import dev.zlx.kernel.Kernel;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One file of the system-wide part of /proc, as its tables list it: the path under /proc, the
 * mode, the text generated per open, and what a write does (null for a read-only file).
 */
public record ProcEntry(String path, int mode, Function<Kernel, String> text, BiConsumer<Kernel, String> write) {
    public static ProcEntry file(String path, Function<Kernel, String> text) {
        return new ProcEntry(path, 0444, text, null);
    }

    public static ProcEntry writable(String path, Function<Kernel, String> text, BiConsumer<Kernel, String> write) {
        return new ProcEntry(path, 0644, text, write);
    }
}
