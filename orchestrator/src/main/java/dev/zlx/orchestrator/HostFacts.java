package dev.zlx.orchestrator;

import com.sun.security.auth.module.UnixSystem;
import dev.zlx.kernel.KernelConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a kernel for a plain `zlx run` takes from the host: its name, CPUs, memory and user
 * (public for bench, whose kernels are wired as `zlx run` wires them).
 */
public final class HostFacts {
    private HostFacts() {
    }

    public static KernelConfig kernelConfig() {
        return kernelConfig(null, null);
    }

    /** The host's facts, with the CPU count and memory size given when not null. */
    public static KernelConfig kernelConfig(Integer cpus, Long memory) {
        UnixSystem user = new UnixSystem();
        long[] groups = user.getGroups() == null ? new long[0] : user.getGroups();
        int[] gids = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            gids[i] = (int) groups[i];
        }
        return new KernelConfig(hostname(), KernelConfig.DEFAULT_RELEASE, KernelConfig.DEFAULT_VERSION,
                cpus != null ? cpus : Runtime.getRuntime().availableProcessors(),
                memory != null ? memory : memoryBytes(), (int) user.getUid(), (int) user.getGid(),
                gids);
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    private static long memoryBytes() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 1L << 30;
    }
}
