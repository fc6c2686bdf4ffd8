package dev.zlx.sysfs;

import dev.zlx.abi.Errno;

/**
 * /sys/devices/system/cpu (drivers/base/cpu.c, drivers/base/topology.c): the kernel's CPU
 * count as possible, present and online CPUs, all online, and a topology of one package with
 * one single-threaded core per CPU (each CPU its own cluster), the shape sched_getaffinity's
 * mask and /proc/cpuinfo describe.
 */
final class CpuFiles {
    /** NR_CPUS - 1 of a distribution kernel (CONFIG_NR_CPUS=8192), the cpumask size limit. */
    private static final int KERNEL_MAX = 8191;

    private CpuFiles() {
    }

    static void register(SysfsTree t, int cpus) {
        String base = "devices/system/cpu/";
        CpuMask all = CpuMask.range(cpus, 0, cpus);
        t.file(base + "possible", () -> all.list() + "\n");
        t.file(base + "present", () -> all.list() + "\n");
        t.file(base + "online", () -> all.list() + "\n");
        t.file(base + "offline", () -> "\n");
        t.file(base + "isolated", () -> "\n");
        t.file(base + "kernel_max", () -> Math.max(KERNEL_MAX, cpus - 1) + "\n");
        for (int n = 0; n < cpus; n++) {
            cpu(t, base + "cpu" + n + "/", n, cpus, all);
        }
    }

    private static void cpu(SysfsTree t, String dir, int n, int cpus, CpuMask all) {
        // cpu0 cannot be taken offline, so Linux gives it no online attribute.
        if (n != 0) {
            t.file(dir + "online", () -> "1\n", CpuFiles::storeOnline);
        }
        t.link(dir + "node0", "../../node/node0");
        String topo = dir + "topology/";
        CpuMask self = CpuMask.of(cpus, n);
        t.file(topo + "physical_package_id", () -> "0\n");
        t.file(topo + "die_id", () -> "0\n");
        t.file(topo + "cluster_id", () -> n + "\n");
        t.file(topo + "core_id", () -> n + "\n");
        masks(t, topo + "thread_siblings", self);
        masks(t, topo + "core_cpus", self);
        masks(t, topo + "cluster_cpus", self);
        masks(t, topo + "core_siblings", all);
        masks(t, topo + "die_cpus", all);
        masks(t, topo + "package_cpus", all);
    }

    /** A topology mask as the kernel shows it twice: NAME as a bitmap, NAME_list as a list. */
    private static void masks(SysfsTree t, String path, CpuMask mask) {
        t.file(path, () -> mask.bitmap() + "\n");
        t.file(path + "_list", () -> mask.list() + "\n");
    }

    /**
     * Writing 1 to an online CPU succeeds and changes nothing; zlx's CPUs cannot go offline,
     * and EBUSY is what cpu_down gives for a CPU that may not.
     */
    private static void storeOnline(byte[] data) {
        if (!SysfsTree.parseBool(data)) {
            throw Errno.EBUSY.exception();
        }
    }
}
