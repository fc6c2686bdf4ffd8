package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
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

    /** A file opened through ptrace_may_access (mm_access): EACCES at open for a caller without access. */
    public static void guarded(SyntheticDirectory dir, SyntheticFileSystem fs, Process p, String name, int mode,
            Supplier<byte[]> text) {
        dir.add(name, new GuardedFile(fs, p, mode, text)).ownedBy(PidOwner.of(p));
    }

    /** A file whose show function checks ptrace_may_access: errno at read for a caller without access. */
    public static void checkedAtRead(SyntheticDirectory dir, SyntheticFileSystem fs, Process p, String name, int mode,
            Errno errno, Supplier<byte[]> text) {
        add(dir, fs, p, name, mode, GuardedFile.checkedAtRead(p, errno, text));
    }
}
