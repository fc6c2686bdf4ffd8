package dev.zlx.procfs;

import dev.zlx.kernel.Kernel;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the directories and generated files of a table of {@link ProcEntry} under /proc. */
final class ProcTree {
    private ProcTree() {
    }

    static void install(SyntheticFileSystem fs, SyntheticDirectory root, Kernel kernel, List<ProcEntry> table) {
        for (ProcEntry e : table) {
            String[] parts = e.path().split("/");
            SyntheticDirectory dir = root;
            for (int i = 0; i < parts.length - 1; i++) {
                dir = directory(fs, dir, parts[i]);
            }
            String name = parts[parts.length - 1];
            if (e.kind() != ProcEntry.Kind.SEQ_FILE) {
                dir.add(name, new SysctlFile(fs, e.mode(), e.kind() == ProcEntry.Kind.SYSCTL_NUMBER,
                        () -> e.text().apply(kernel), e.write() == null ? null : v -> e.write().accept(kernel, v)));
                continue;
            }
            GeneratedFile.WriteHandler writer = e.write() == null ? null
                    : data -> e.write().accept(kernel, new String(data, StandardCharsets.UTF_8));
            dir.add(name, new GeneratedFile(fs, e.mode(),
                    () -> e.text().apply(kernel).getBytes(StandardCharsets.UTF_8), writer));
        }
    }

    private static SyntheticDirectory directory(SyntheticFileSystem fs, SyntheticDirectory parent, String name) {
        Inode child;
        try {
            child = parent.lookup(name);
        } catch (dev.zlx.abi.LinuxException e) {
            return parent.add(name, new SyntheticDirectory(fs, 0555));
        }
        return (SyntheticDirectory) child;
    }
}
