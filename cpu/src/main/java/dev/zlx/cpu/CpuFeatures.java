package dev.zlx.cpu;

/**
 * What a backend's emulated CPU offers a guest, as Linux reports it: AT_HWCAP, AT_HWCAP2 and
 * AT_PLATFORM in the auxiliary vector, and the model name for /proc/cpuinfo.
 */
public record CpuFeatures(long hwcap, long hwcap2, String platform, String modelName) {
}
