package dev.zlx.kernel;

/**
 * The settings of a virtual kernel: what uname, sysinfo and the CPU calls report, and the
 * identity the first process runs with.
 *
 * @param hostname utsname.nodename
 * @param release utsname.release
 * @param version utsname.version
 * @param cpuCount the number of CPUs the guest sees
 * @param memoryBytes total RAM the guest sees
 * @param uid the first process's user id
 * @param gid the first process's group id
 * @param groups its supplementary groups
 */
public record KernelConfig(String hostname, String release, String version, int cpuCount, long memoryBytes,
        int uid, int gid, int[] groups) {
    /** Linux's uname release that zlx reports by default. */
    public static final String DEFAULT_RELEASE = "6.1.0-zlx";
    public static final String DEFAULT_VERSION = "#1 SMP PREEMPT_DYNAMIC zlx";

    @Override
    public int[] groups() {
        return groups.clone();
    }
}
