package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * /sys: the sysfs program's invariants (CPU files against sched_getaffinity and sysconf,
 * topology masks against their lists, one-byte reads) hold natively and under zlx alike; the
 * host's nproc, getconf and lscpu see zlx's CPU count and nothing of the host's hardware.
 */
class SysfsConformanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Target.class)
    void sysfs_cpuFilesAgreeWithAffinity(Target target) {
        Invocation inv = Invocation.of(target, "sysfs");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        assertTrue(ref.stdout().endsWith("sysfs: done\n"), ref::describe);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @Test
    void nprocAndGetconf_countTheKernelsCpus() {
        // zlx's CPU count defaults to the host's.
        String count = Runtime.getRuntime().availableProcessors() + "\n";
        Compare.stdout(count, GuestRunner.ZLX.run(host("/usr/bin/nproc", "coreutils")));
        for (String name : new String[] {"_NPROCESSORS_ONLN", "_NPROCESSORS_CONF"}) {
            Compare.stdout(count, GuestRunner.ZLX.run(host("/usr/bin/getconf", "libc-bin", name)));
        }
    }

    /**
     * util-linux lscpu takes the CPU, core, socket and NUMA counts from /sys. Its /proc is a
     * fixed stand-in (bound over /proc in the guest) holding the two files it reads there, so
     * that only /sys is under test; the cache, frequency and vulnerability lines of the host
     * must not appear, as zlx models none of them.
     */
    @Test
    void lscpu_describesTheVirtualCpus() throws IOException {
        int n = Runtime.getRuntime().availableProcessors();
        Path proc = Files.createDirectories(tmp.resolve("proc/sys/kernel")).getParent().getParent();
        Files.writeString(proc.resolve("sys/kernel/osrelease"), "6.1.0-zlx\n");
        StringBuilder cpuinfo = new StringBuilder();
        for (int i = 0; i < n; i++) {
            cpuinfo.append("processor\t: ").append(i).append("\nvendor_id\t: GenuineIntel\nmodel name\t: zlx\n\n");
        }
        Files.writeString(proc.resolve("cpuinfo"), cpuinfo);
        Invocation inv = host("/bin/bash", "bash", "-c", "mount --bind " + proc + " /proc && exec /usr/bin/lscpu")
                .env("LC_ALL", "C");
        Outcome zlx = GuestRunner.ZLX.run(inv);
        Compare.exitStatus(0, zlx);
        String all = n == 1 ? "0" : n == 2 ? "0,1" : "0-" + (n - 1);
        String out = zlx.stdout().replaceAll(":[ \t]+", ": ");
        for (String line : new String[] {"CPU(s): " + n, "On-line CPU(s) list: " + all, "Thread(s) per core: 1",
            "Core(s) per socket: " + n, "Socket(s): 1", "NUMA node(s): 1", "NUMA node0 CPU(s): " + all}) {
            assertTrue(out.contains("\n" + line + "\n"), () -> "expected '" + line + "'\n" + zlx.describe());
        }
        for (String hostOnly : new String[] {"cache", "MHz", "Vulnerability", "BogoMIPS"}) {
            assertFalse(out.contains(hostOnly), () -> hostOnly + " comes from the host\n" + zlx.describe());
        }
        assertFalse(out.contains("Off-line"), zlx::describe);
    }

    /** mount -t sysfs makes another /sys of the same kernel; statfs calls it sysfs. */
    @Test
    void mountTypeSysfs() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("sys"));
        int n = Runtime.getRuntime().availableProcessors();
        Outcome zlx = GuestRunner.ZLX.run(host("/bin/bash", "bash", "-c", "mount -t sysfs sysfs " + dir
                + " && cat " + dir + "/devices/system/cpu/possible && stat -f -c %T " + dir));
        Compare.stdout((n == 1 ? "0" : "0-" + (n - 1)) + "\nsysfs\n", zlx);
    }

    private static Invocation host(String program, String debianPackage, String... args) {
        return Invocation.of(TestPaths.hostTool(program, debianPackage), args).arch("x86_64");
    }
}
