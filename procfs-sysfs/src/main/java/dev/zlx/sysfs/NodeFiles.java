package dev.zlx.sysfs;

/**
 * /sys/devices/system/node (drivers/base/node.c): one NUMA node, node0, holding every CPU and
 * all the memory, as a machine without NUMA shows it.
 */
final class NodeFiles {
    private NodeFiles() {
    }

    static void register(SysfsTree t, int cpus) {
        String base = "devices/system/node/";
        for (String state : new String[] {"possible", "online", "has_normal_memory", "has_memory", "has_cpu"}) {
            t.file(base + state, () -> "0\n");
        }
        CpuMask all = CpuMask.range(cpus, 0, cpus);
        t.file(base + "node0/cpumap", () -> all.bitmap() + "\n");
        t.file(base + "node0/cpulist", () -> all.list() + "\n");
        t.file(base + "node0/distance", () -> "10\n");
        for (int n = 0; n < cpus; n++) {
            t.link(base + "node0/cpu" + n, "../../cpu/cpu" + n);
        }
    }
}
