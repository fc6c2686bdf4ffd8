package dev.zlx.procfs.pid;

import dev.zlx.kernel.Process;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.util.function.Supplier;

/** Adds a generated file owned by the process to a /proc/PID directory. */
public final class PidFiles {
    private PidFiles() {
    }

    public static void add(SyntheticDirectory dir, SyntheticFileSystem fs, Process p, String name, int mode,
            Supplier<byte[]> text) {
        dir.add(name, new GeneratedFile(fs, mode, text)).ownedBy(PidOwner.of(p));
    }

    public static void add(SyntheticDirectory dir, SyntheticFileSystem fs, Process p, String name, int mode,
            Supplier<byte[]> text, GeneratedFile.WriteHandler writer) {
        dir.add(name, new GeneratedFile(fs, mode, text, writer)).ownedBy(PidOwner.of(p));
    }
}
