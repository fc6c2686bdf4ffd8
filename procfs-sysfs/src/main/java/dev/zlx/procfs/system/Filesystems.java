package dev.zlx.procfs.system;

import dev.zlx.kernel.FileSystemTypes;
import dev.zlx.kernel.Kernel;

/** /proc/filesystems (fs/filesystems.c): "nodev" for types without a block device, a tab, the name. */
final class Filesystems {
    private Filesystems() {
    }

    static String text(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (FileSystemTypes.Type t : k.fileSystemTypes().list()) {
            sb.append(t.nodev() ? "nodev" : "").append('\t').append(t.name()).append('\n');
        }
        return sb.toString();
    }
}
