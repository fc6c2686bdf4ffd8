package dev.zlx.testbins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The epoll program (epoll(7) and eventfd(2): level, edge and one-shot entries, nesting,
 * (description, fd) keys, hang-ups, maxevents turns, timeouts, epoll_pwait's mask, epoll_pwait2
 * and the errno of each misuse) for every target against its reference.
 */
class EpollConformanceTest {
    /** Lines the reference must print, so that a broken reference cannot hide a broken zlx. */
    private static final String[] KEY_LINES = {
        "edge again: n=2 [0x1 1] [0x1 2]\n",
        "add outer to inner (loop): ELOOP\n",
        "both fds of one description: n=3 [0x10 1] [0x1 11] [0x1 10]\n",
        "ctl directory: EPERM\n",
        "pwait with empty mask: n=-1 EINTR got=10\n",
        "woken by child: n=1 [0x1 5]\n",
    };

    /** qemu-aarch64 7.2 has no epoll_pwait2 (ENOSYS): those lines are left out of that comparison. */
    private static String withoutPwait2(String s) {
        return s.replaceAll("(?m)^pwait2 .*\n", "");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void epoll_sameAsTheReference(Target target) {
        GuestRunner.matchesReference(target, ref -> {
            for (String line : KEY_LINES) {
                if (!ref.stdout().contains(line)) {
                    Compare.fail("the reference did not print " + line, ref);
                }
            }
        }, EpollConformanceTest::withoutPwait2, "epoll");
    }
}
