package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The system-wide /proc and /proc/sys (issue 5): the procsys testbin's invariants against the
 * syscalls, natively and under zlx, with the host's and with configured CPU and memory sizes;
 * the host's procps and python3 reading them; nothing of the host's leaking through.
 */
class SystemProcConformanceTest {
    private static final String CPUS = "3";
    private static final String MEMORY = "512m";

    private static Invocation configured(Invocation inv) {
        return inv.zlxOption("--cpus").zlxOption(CPUS).zlxOption("--memory").zlxOption(MEMORY);
    }

    private static Invocation hostTool(String tool, String pkg, String... args) {
        return Invocation.of(TestPaths.hostTool(tool, pkg), args).arch("x86_64").env("PATH", "/usr/bin:/bin")
                .env("TERM", "dumb").timeout(Duration.ofSeconds(300));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void procsys_invariantsHoldAsOnLinux(Target target) {
        Invocation inv = Invocation.of(target, "procsys");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.exitStatus(0, ref);
        assertFalse(ref.stdout().contains("FAIL"), ref.describe());
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /** The same invariants with a CPU count and memory size unlike the host's. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void procsys_invariantsHoldWithConfiguredCpusAndMemory(Target target) {
        Invocation inv = Invocation.of(target, "procsys");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.sameResult(ref, GuestRunner.ZLX.run(configured(inv)));
    }

    /** In a new UTS namespace (so the host keeps its name): sysctl writes reach uname, the parent's names stay. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void procsys_hostnameWrittenThroughProcSysReachesUname(Target target) {
        Invocation inv = Invocation.of(target, "procsys", "write-hostname");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.stdout("ok unshare CLONE_NEWUTS\nok write hostname\nok uname and gethostname see it\n"
                + "ok hostname reads back\nok write 100-byte hostname\nok kept as 64 bytes\nok write domainname\n"
                + "ok uname sees domainname\nok child passed\nok parent's namespace unchanged\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /** cpuinfo's flags (x86) or Features (arm64) name exactly the AT_HWCAP and CPUID bits (qemu-user shows the host's cpuinfo). */
    @ParameterizedTest
    @EnumSource(Target.class)
    void procsys_cpuinfoFeaturesAgreeWithHwcapAndCpuid(Target target) {
        GuestRunner.matchesLinux(target, Invocation.of(target, "procsys", "cpu-features"),
                "ok cpuinfo features agree with AT_HWCAP and the CPU\n");
    }

    /**
     * Lowered limits take effect: pid_max (pids wrap to 300, EAGAIN when all are taken),
     * threads-max (fork EAGAIN, root too), nr_open (RLIMIT_NOFILE EPERM), pipe-max-size (rounded;
     * an unprivileged pipe's size), file-max (ENFILE, not for root), max_map_count (ENOMEM for
     * mmap and splits) and
     * overcommit_memory 0, 1 and 2 (CommitLimit half the configured 512 MiB). Under zlx only: on
     * the host these writes would change every process's limits.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void procsys_writtenLimitsTakeEffect(Target target) {
        Outcome zlx = GuestRunner.ZLX.run(configured(Invocation.of(target, "procsys", "limits")));
        Compare.stdout("""
                ok pid_max 301
                ok pids wrap below pid_max
                ok every pid below pid_max taken: fork EAGAIN
                ok threads-max one above the thread count
                ok fork past threads-max: EAGAIN
                ok nr_open 1024
                ok RLIMIT_NOFILE 1025 above nr_open 1024: EPERM
                ok RLIMIT_NOFILE 1024
                ok pipe-max-size 5000 reads 8192
                ok unprivileged pipes follow pipe-max-size
                ok file-max two above the open files
                ok unprivileged open past file-max: ENFILE
                ok root opens past file-max
                ok max_map_count 1
                ok mmap, mprotect and munmap splits above max_map_count: ENOMEM
                ok munmap of a whole area at max_map_count
                ok mmap again below max_map_count
                ok overcommit 0: a mapping larger than RAM is ENOMEM
                ok overcommit 0: with MAP_NORESERVE it is not charged
                ok overcommit 1: it is granted
                ok overcommit_memory 2
                ok meminfo Committed_AS below CommitLimit
                ok overcommit 2: CommitLimit more is ENOMEM, MAP_NORESERVE too
                ok overcommit 2: 1 MiB is granted and counted
                ok overcommit 2: mprotect making CommitLimit writable is ENOMEM
                ok overcommit 2: mprotect making 1 MiB writable is granted
                """, zlx);
        Compare.exitStatus(0, zlx);
    }

    /** Issue 5 leaves them out: zlx has no block devices, no kernel log and no cgroup file system yet. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void procsys_noPartitionsNoKmsgEmptyCgroup(Target target) {
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "procsys", "absent"));
        Compare.stdout("ok no /proc/partitions\nok no /proc/kmsg\nok /sys/fs/cgroup is an empty directory\n", zlx);
    }

    @Test
    void nproc_isTheConfiguredCount() {
        Invocation inv = hostTool("/usr/bin/nproc", "coreutils");
        Compare.sameResult(GuestRunner.NATIVE.run(inv), GuestRunner.ZLX.run(inv));
        Outcome zlx = GuestRunner.ZLX.run(configured(hostTool("/usr/bin/nproc", "coreutils")));
        Compare.stdout(CPUS + "\n", zlx);
    }

    @Test
    void freeM_showsTheConfiguredMemory() {
        Outcome zlx = GuestRunner.ZLX.run(configured(hostTool("/usr/bin/free", "procps", "-m")));
        Compare.exitStatus(0, zlx);
        String[] mem = zlx.stdout().lines().filter(l -> l.startsWith("Mem:")).findFirst().orElseThrow().split("\\s+");
        assertEquals("512", mem[1], zlx.describe());
        long used = Long.parseLong(mem[2]);
        long free = Long.parseLong(mem[3]);
        assertTrue(used > 0 && used + free <= 512, zlx.describe());
        assertTrue(zlx.stdout().matches("(?s).*\nSwap: +0 +0 +0\n"), zlx.describe());
    }

    /** procps vmstat reads /proc/stat, /proc/meminfo and /proc/vmstat: no swap, no cache, free under 512m. */
    @Test
    void vmstat_describesTheGuestMemory() {
        Outcome zlx = GuestRunner.ZLX.run(configured(hostTool("/usr/bin/vmstat", "procps")));
        Compare.exitStatus(0, zlx);
        String[] row = zlx.stdout().lines().skip(2).findFirst().orElseThrow().trim().split("\\s+");
        assertEquals("0", row[2], zlx.describe());
        long free = Long.parseLong(row[3]);
        assertTrue(free > 0 && free < 512 * 1024, zlx.describe());
        assertEquals("0 0", row[4] + " " + row[5], zlx.describe());
    }

    @Test
    void uptime_describesTheGuestKernel() {
        Outcome zlx = GuestRunner.ZLX.run(hostTool("/usr/bin/uptime", "procps"));
        Compare.exitStatus(0, zlx);
        // Booted with this run, no logins (no utmp entries of its own), loads sampled every 5 s.
        assertTrue(zlx.stdout().matches(" \\d\\d:\\d\\d:\\d\\d up 0 min, +0 users?, +load average: \\d+\\.\\d\\d, \\d+\\.\\d\\d, \\d+\\.\\d\\d\n"),
                zlx.describe());
    }

    @Test
    void topBatch_headerDescribesTheGuest() {
        Outcome zlx = GuestRunner.ZLX.run(configured(hostTool("/usr/bin/top", "procps", "-b", "-n", "1")));
        Compare.exitStatus(0, zlx);
        assertTrue(zlx.stdout().matches("(?s)top - .* up 0 min, .*\nTasks: .*\n%Cpu\\(s\\): .*\n"
                + "MiB Mem : +512\\.0 total,.*\nMiB Swap: +0\\.0 total,.*"), zlx.describe());
    }

    @Test
    @Tag("slow")
    void python3_platformResourceAndAffinity() {
        Invocation inv = hostTool("/usr/bin/python3", "python3", "-c",
                "import os, platform, resource; print(len(os.sched_getaffinity(0)));"
                        + " u = platform.uname(); print(u.system, u.release == open('/proc/sys/kernel/osrelease').read().strip(),"
                        + " u.node == open('/proc/sys/kernel/hostname').read().strip(), u.machine);"
                        + " print(resource.getrlimit(resource.RLIMIT_NOFILE)[1] <= int(open('/proc/sys/fs/nr_open').read()))");
        Outcome zlx = GuestRunner.ZLX.run(configured(inv));
        Compare.stdout(CPUS + "\nLinux True True x86_64\nTrue\n", zlx);
    }

    /** os.cpu_count and multiprocessing read /sys/devices/system/cpu/online (glibc's sysconf). */
    @Test
    @Tag("slow")
    void python3_cpuCount() {
        Outcome online = GuestRunner.ZLX.run(configured(hostTool("/bin/cat", "coreutils",
                "/sys/devices/system/cpu/online")));
        Compare.stdout("0-2\n", online);
        Outcome zlx = GuestRunner.ZLX.run(configured(hostTool("/usr/bin/python3", "python3", "-c",
                "import os, multiprocessing; print(os.cpu_count(), multiprocessing.cpu_count())")));
        Compare.stdout(CPUS + " " + CPUS + "\n", zlx);
    }

    /**
     * Issue 5, item 4: the guest's /proc/1/cmdline and /proc/meminfo are not the host's, and agree
     * with the guest (its init has no command line, as a kernel thread; MemTotal is the
     * configured size); /proc/mounts (self/mounts) lists the guest's mounts, /proc among them.
     */
    @Test
    void nothingOfTheHostLeaks() throws IOException {
        Outcome cmdline = GuestRunner.ZLX.run(hostTool("/bin/cat", "coreutils", "/proc/1/cmdline"));
        Compare.exitStatus(0, cmdline);
        assertNotEquals(Files.readString(Path.of("/proc/1/cmdline")), cmdline.stdout());
        assertEquals("", cmdline.stdout(), cmdline.describe());

        Outcome meminfo = GuestRunner.ZLX.run(configured(hostTool("/bin/cat", "coreutils", "/proc/meminfo")));
        assertNotEquals(Files.readString(Path.of("/proc/meminfo")), meminfo.stdout());
        assertTrue(meminfo.stdout().startsWith("MemTotal:         524288 kB\n"), meminfo.describe());

        Outcome mounts = GuestRunner.ZLX.run(hostTool("/bin/cat", "coreutils", "/proc/mounts"));
        Compare.exitStatus(0, mounts);
        assertNotEquals(Files.readString(Path.of("/proc/mounts")), mounts.stdout());
        assertTrue(mounts.stdout().lines().anyMatch(l -> l.matches("\\S+ /proc proc .*")), mounts.describe());
    }
}
