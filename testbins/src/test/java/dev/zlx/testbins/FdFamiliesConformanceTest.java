package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The descriptor families that stand for events: timerfd(2), signalfd(2) and inotify(7), for
 * every target against its reference. inotify runs in a host directory (hostfs under zlx) and
 * in /dev/shm (zlx's own tmpfs under zlx, the host's natively): the events must be the same.
 */
class FdFamiliesConformanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Target.class)
    void timerfd_sameAsTheReference(Target target) {
        check(target, "timerfd: done\n", s -> s, "timerfd");
    }

    /** qemu-aarch64 7.2 takes any sigset size in signalfd4: that line is left out of that comparison. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void signalfd_sameAsTheReference(Target target) {
        check(target, "signalfd: done\n", s -> s.replaceAll("(?m)^bad size: .*\n", ""), "signalfd");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void inotify_inAHostDirectory(Target target) {
        check(target, "inotify: done\n", s -> s, "inotify", tmp.toString());
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void inotify_inTmpfs(Target target) {
        check(target, "inotify: done\n", s -> s, "inotify", "/dev/shm");
    }

    /**
     * inotify in a directory of an overlay (a host directory under zlx's tmpfs upper layer,
     * zlx run -v HOST:GUEST:overlay) sees what Linux's tmpfs does; the host directory is left
     * as it was.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void inotify_inAnOverlay(Target target) throws IOException {
        Path lower = Files.createDirectories(tmp.resolve("lower/sub"));
        Files.writeString(lower.resolve("existing"), "x");
        Outcome ref = GuestRunner.NATIVE.run(Invocation.of(target.runsNatively() ? target : Target.X86_64_GLIBC,
                "inotify", "/dev/shm"));
        if (!ref.stdout().endsWith("inotify: done\n")) {
            Compare.fail("the reference did not finish", ref);
        }
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "inotify", "/mnt/sub")
                .zlxOption("-v").zlxOption(tmp.resolve("lower") + ":/mnt:overlay"));
        Compare.sameResult(ref, zlx);
        try (var left = Files.list(lower)) {
            assertEquals(List.of(lower.resolve("existing")), left.toList());
        }
    }

    /** The program matches its reference once the reference printed end (see GuestRunner.matchesReference). */
    private static void check(Target target, String end, UnaryOperator<String> filter, String name, String... args) {
        GuestRunner.matchesReference(target, ref -> {
            if (!ref.stdout().endsWith(end)) {
                Compare.fail("the reference did not finish", ref);
            }
        }, filter, name, args);
    }
}
