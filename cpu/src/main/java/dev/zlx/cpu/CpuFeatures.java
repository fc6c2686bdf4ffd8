package dev.zlx.cpu;

import java.util.List;

/**
 * What a backend's emulated CPU offers a guest, as Linux reports it: AT_HWCAP, AT_HWCAP2 and
 * AT_PLATFORM in the auxiliary vector, and for /proc/cpuinfo the model name, the vendor (x86
 * CPUID vendor string, or the arm64 implementer), the signature (x86 CPUID 1 EAX, or arm64
 * MIDR_EL1) and the feature names Linux prints (x86 "flags", arm64 "Features").
 */
public record CpuFeatures(long hwcap, long hwcap2, String platform, String modelName, String vendor, int signature,
        List<String> flags) {
    /** Features without an identity for /proc/cpuinfo (test backends). */
    public CpuFeatures(long hwcap, long hwcap2, String platform, String modelName) {
        this(hwcap, hwcap2, platform, modelName, "", 0, List.of());
    }

    public CpuFeatures {
        flags = List.copyOf(flags);
    }
}
