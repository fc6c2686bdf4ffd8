package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * tmpfs and memfd_create: the programs run in /dev/shm, which is a tmpfs on the host (the
 * reference) and zlx's own tmpfs under zlx, and their output must match; then what only zlx's
 * command line controls: --tmpfs with a size limit (ENOSPC) and a mode, and its usage errors.
 */
class TmpfsConformanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Target.class)
    void tmpfs_posixSemanticsInDevShm(Target target) {
        Invocation inv = Invocation.of(target, "tmpfs", "/dev/shm");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        assertTrue(ref.stdout().startsWith("statfs: type 1021994 "), "the reference's /dev/shm is a tmpfs\n"
                + ref.describe());
        assertTrue(ref.stdout().endsWith("tmpfs: done\n"), ref::describe);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void memfd_createSealsAndProcLinks(Target target) {
        Invocation inv = Invocation.of(target, "memfd");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        assertTrue(ref.stdout().contains("readlink: '/memfd:test (deleted)'\n"), ref::describe);
        assertTrue(ref.stdout().endsWith("memfd: done\n"), ref::describe);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    private Invocation shell(String script) {
        return Invocation.of(TestPaths.busybox("x86_64"), "sh", "-c", script).timeout(Duration.ofSeconds(60));
    }

    /** A 16 KiB tmpfs takes four pages: a longer write is cut there, then ENOSPC; statfs agrees. */
    @Test
    void tmpfsOption_sizeLimitAndMode() {
        String dir = tmp.toString();
        Outcome zlx = GuestRunner.ZLX.run(shell("cd " + dir + " && busybox stat -c '%a %F' . && busybox stat -f -c "
                + "'%T %b %f' . && busybox head -c 20000 /dev/zero > f; busybox wc -c < f; "
                + "busybox stat -c '%s %b' f; busybox stat -f -c '%b %f' .; busybox rm f; busybox stat -f -c '%f' .")
                .zlxOption("--tmpfs").zlxOption(dir + ":size=16k,mode=750"));
        Compare.exitStatus(0, zlx);
        Compare.stdout("750 directory\ntmpfs 4 4\n16384\n16384 32\n4 0\n4\n", zlx);
        // busybox head reports the failed write but exits 0.
        assertTrue(zlx.stderr().contains("No space left on device"), zlx::describe);
    }

    @Test
    void tmpfsOption_badInputIsOneLine() {
        for (String bad : new String[] {"relative", "/x:size=12q", "/x:size=0", "/x:mode=9", "/x:uid=3",
            tmp.resolve("missing") + ":size=1m"}) {
            Outcome zlx = GuestRunner.ZLX.run(Invocation.of(TestPaths.busybox("x86_64"), "true")
                    .zlxOption("--tmpfs").zlxOption(bad));
            Compare.oneLineError(125, zlx);
        }
    }
}
