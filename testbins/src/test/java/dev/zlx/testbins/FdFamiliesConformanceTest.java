package dev.zlx.testbins;

import java.nio.file.Path;
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

    /** The program matches its reference once the reference printed end (see GuestRunner.matchesReference). */
    private static void check(Target target, String end, UnaryOperator<String> filter, String name, String... args) {
        GuestRunner.matchesReference(target, ref -> {
            if (!ref.stdout().endsWith(end)) {
                Compare.fail("the reference did not finish", ref);
            }
        }, filter, name, args);
    }
}
