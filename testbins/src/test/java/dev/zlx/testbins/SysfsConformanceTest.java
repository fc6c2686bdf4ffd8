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
     * util-linux lscpu reads zlx's own /proc (cpuinfo, osrelease) and /sys (the CPU, core,
     * socket and NUMA counts), with three configured CPUs where the host has another count:
     * the cache, frequency and vulnerability lines of the host must not appear, as zlx models
     * none of them.
     */
    @Test
    void lscpu_describesTheVirtualCpus() {
        Invocation inv = host("/usr/bin/lscpu", "util-linux").env("LC_ALL", "C").zlxOption("--cpus").zlxOption("3");
        Outcome zlx = GuestRunner.ZLX.run(inv);
        Compare.exitStatus(0, zlx);
        String out = zlx.stdout().replaceAll(":[ \t]+", ": ");
        for (String line : new String[] {"Architecture: x86_64", "CPU(s): 3", "On-line CPU(s) list: 0-2",
            "Thread(s) per core: 1", "Core(s) per socket: 3", "Socket(s): 1", "NUMA node(s): 1",
            "NUMA node0 CPU(s): 0-2"}) {
            assertTrue(out.contains("\n" + line + "\n") || out.startsWith(line + "\n"),
                    () -> "expected '" + line + "'\n" + zlx.describe());
        }
        for (String hostOnly : new String[] {"cache", "MHz", "Vulnerability", "BogoMIPS", "Hypervisor"}) {
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
