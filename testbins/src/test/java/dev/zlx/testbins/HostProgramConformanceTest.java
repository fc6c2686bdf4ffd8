package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's own dynamically linked x86-64 programs, unmodified: zlx must load their
 * interpreter (ld.so) and shared libraries from the host root, as QEMU user mode does.
 */
class HostProgramConformanceTest {

    private static void conforms(Invocation inv) {
        Compare.sameResult(GuestRunner.NATIVE.run(inv), GuestRunner.ZLX.run(inv));
    }

    private static Invocation host(String program, String... args) {
        return Invocation.of(TestPaths.hostTool(program, "coreutils"), args).arch("x86_64");
    }

    /** GNU {@code ls -la /}; compared as described in {@link LsListing}. */
    @Test
    void ls_la_root() {
        Invocation inv = host("/bin/ls", "-la", "/");
        Compare.sameResult(GuestRunner.NATIVE.run(inv), GuestRunner.ZLX.run(inv), LsListing::normalise);
    }

    @Test
    void cat_osRelease() {
        conforms(host("/bin/cat", "/etc/os-release"));
    }

    @Test
    void sha256sum(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("data.bin");
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >> 8));
        }
        Files.write(file, data);
        conforms(host("/usr/bin/sha256sum", file.toString()));
    }

    @Test
    void env_printsExactlyTheGivenEnvironment() {
        Invocation inv = host("/usr/bin/env").env("A", "1").env("B", "2");
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("A=1\nB=2\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @Test
    @Tag("slow")
    void python3_sumOfRange() {
        Invocation inv = Invocation.of(TestPaths.hostTool("/usr/bin/python3", "python3"),
                "-c", "print(sum(range(10**6)))").arch("x86_64").timeout(Duration.ofSeconds(300));
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("499999500000\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }
}
