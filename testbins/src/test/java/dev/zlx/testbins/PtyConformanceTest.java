package dev.zlx.testbins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pty program (pseudo-terminals: the openpty sequence, termios, canonical editing and echo,
 * raw mode with VMIN/VTIME, SIGWINCH, a session taking its terminal, ^C, SIGTTIN/SIGTTOU for a
 * background group, EIO and hangup when an end closes), against the reference, after checking
 * the reference printed the key results.
 */
class PtyConformanceTest {
    private static final String[] KEY_LINES = {
        "ptsname matches TIOCGPTN: 1\n",
        "echo \"abx\\b \\bc\\r\\n\"\n",
        "MIN 2, two bytes: poll 1\n",
        "child \"winch 30x100\\r\\nbackground read: stopped 1 by SIGTTIN\\r\\n"
                + "background write: stopped 1 by SIGTTOU\\r\\nsleeping\\r\\n\"\n",
        "child killed by SIGINT 1\n",
    };

    /** qemu-aarch64 7.2 does not pass TIOCGSID through: that line is left out of its comparison. */
    private static String withoutTiocgsid(String s) {
        return s.replaceAll("(?m)^hangup child took the terminal at open: .*\n", "");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void pty_sameAsTheReference(Target target) {
        GuestRunner.matchesReference(target, ref -> {
            for (String line : KEY_LINES) {
                if (!ref.stdout().contains(line)) {
                    Compare.fail("the reference did not print " + line, ref);
                }
            }
        }, PtyConformanceTest::withoutTiocgsid, "pty");
    }
}
