package dev.zlx.sysfs;

import dev.zlx.kernel.Kernel;
import dev.zlx.vfs.FileSystem;

/**
 * /sys generated from the virtual kernel's settings, laid out as Linux's. Each part of the
 * tree registers its files in a {@link SysfsTree}; the network (class/net) and cgroup
 * (fs/cgroup) work add theirs to the directories made here.
 */
public final class SysFs {
    private SysFs() {
    }

    /** A new /sys for this kernel. */
    public static FileSystem create(Kernel kernel) {
        SysfsTree t = new SysfsTree();
        int cpus = kernel.config().cpuCount();
        CpuFiles.register(t, cpus);
        NodeFiles.register(t, cpus);
        // zlx has no huge pages; madvise is the mode distributions default to.
        t.file("kernel/mm/transparent_hugepage/enabled", () -> "always [madvise] never\n");
        // A PMD maps 2 MiB with 4 KiB pages on both x86-64 and arm64 (Go's runtime reads it).
        t.file("kernel/mm/transparent_hugepage/hpage_pmd_size", () -> "2097152\n");
        // Empty until the cgroup and network work fill them.
        t.dir("fs/cgroup");
        t.dir("class/net");
        return t.fileSystem();
    }
}
