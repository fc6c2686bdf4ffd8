package dev.zlx.testbins;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sigio program (signal-driven I/O: F_SETOWN/F_SETOWN_EX/F_SETSIG and their getters,
 * O_ASYNC by F_SETFL and FIOASYNC, SIGIO with si_code/si_fd/si_band on pipes, terminals and
 * inotify, to another process, and silence where Linux sends nothing) against the reference,
 * after checking the reference printed the key results.
 */
class SigioConformanceTest {
    private static final String[] KEY_LINES = {
        "owner set: SIGIO 1, si_code SI_KERNEL 1\n",
        "F_SETSIG: signal 1, POLL_IN 1, si_fd 1, si_band 0x41\n",
        "room for the writer: POLL_OUT 1, si_fd 1, si_band 0x304\n",
        "child got SIGIO\n",
        "terminal input: SIGIO 1\n",
        "inotify event: SIGIO 1\n",
        "FIOASYNC on a regular file: ENOTTY\n",
    };

    @ParameterizedTest
    @EnumSource(Target.class)
    void sigio_sameAsTheReference(Target target, @TempDir Path dir) {
        GuestRunner.matchesReference(target, ref -> {
            for (String line : KEY_LINES) {
                if (!ref.stdout().contains(line)) {
                    Compare.fail("the reference did not print " + line, ref);
                }
            }
        }, s -> s, "sigio", dir.toString());
    }
}
