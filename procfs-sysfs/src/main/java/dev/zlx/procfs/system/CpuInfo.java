package dev.zlx.procfs.system;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.CpuFeatures;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Task;

/**
 * /proc/cpuinfo for the reader's architecture, one block per configured CPU, describing the CPU
 * the backend emulates (its CPUID or MIDR and the features it advertises in HWCAP): x86's
 * format of arch/x86/kernel/cpu/proc.c, arm64's of arch/arm64/kernel/cpuinfo.c. Lines about
 * frequency, caches and bogomips on x86 are left out: the emulated CPU has none to report.
 */
final class CpuInfo {
    private CpuInfo() {
    }

    static String text(Kernel k) {
        Task t = Task.current();
        Arch arch = t == null ? Arch.X86_64 : t.process().arch();
        CpuFeatures f = k.cpuBackend().features(arch);
        int cpus = k.config().cpuCount();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cpus; i++) {
            if (arch == Arch.AARCH64) {
                arm64(sb, f, i);
            } else {
                x86(sb, f, i, cpus);
            }
        }
        return sb.toString();
    }

    private static void x86(StringBuilder sb, CpuFeatures f, int cpu, int cpus) {
        int sig = f.signature();
        int family = (sig >> 8) & 0xf;
        int model = (sig >> 4) & 0xf;
        if (family == 0xf) {
            family += (sig >> 20) & 0xff;
        }
        if (family >= 6) {
            model |= ((sig >> 16) & 0xf) << 4;
        }
        sb.append("processor\t: ").append(cpu).append('\n');
        sb.append("vendor_id\t: ").append(f.vendor()).append('\n');
        sb.append("cpu family\t: ").append(family).append('\n');
        sb.append("model\t\t: ").append(model).append('\n');
        sb.append("model name\t: ").append(f.modelName()).append('\n');
        sb.append("stepping\t: ").append(sig & 0xf).append('\n');
        // One package of `cpus` cores, one thread each.
        sb.append("physical id\t: 0\n");
        sb.append("siblings\t: ").append(cpus).append('\n');
        sb.append("core id\t\t: ").append(cpu).append('\n');
        sb.append("cpu cores\t: ").append(cpus).append('\n');
        sb.append("apicid\t\t: ").append(cpu).append('\n');
        sb.append("initial apicid\t: ").append(cpu).append('\n');
        sb.append("fpu\t\t: yes\nfpu_exception\t: yes\nwp\t\t: yes\n");
        sb.append("flags\t\t:");
        for (String flag : f.flags()) {
            sb.append(' ').append(flag);
        }
        sb.append("\nbugs\t\t:\n\n");
    }

    private static void arm64(StringBuilder sb, CpuFeatures f, int cpu) {
        int midr = f.signature();
        sb.append("processor\t: ").append(cpu).append('\n');
        // arch_timer_rate / 500000: QEMU's generic timer runs at 62.5 MHz.
        sb.append("BogoMIPS\t: 125.00\n");
        sb.append("Features\t:");
        for (String flag : f.flags()) {
            sb.append(' ').append(flag);
        }
        sb.append('\n');
        sb.append(String.format("CPU implementer\t: 0x%02x%n", (midr >>> 24) & 0xff));
        sb.append("CPU architecture: 8\n");
        sb.append(String.format("CPU variant\t: 0x%x%n", (midr >> 20) & 0xf));
        sb.append(String.format("CPU part\t: 0x%03x%n", (midr >> 4) & 0xfff));
        sb.append(String.format("CPU revision\t: %d%n%n", midr & 0xf));
    }
}
