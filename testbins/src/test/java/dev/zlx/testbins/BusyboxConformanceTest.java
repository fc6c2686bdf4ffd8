package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's busybox-static, a real program nobody here wrote, for x86-64 and arm64 (prepared by
 * prepare.sh): each applet runs under the reference (native for x86-64, qemu-aarch64 for arm64)
 * and under zlx.
 */
class BusyboxConformanceTest {

    @TempDir
    Path tmp;

    private static Invocation busybox(String arch, String... args) {
        return Invocation.of(TestPaths.busybox(arch), args).arch(arch);
    }

    private static void conforms(String arch, String... args) {
        Invocation inv = busybox(arch, args);
        Compare.sameResult(GuestRunner.oracleFor(arch).run(inv), GuestRunner.ZLX.run(inv));
    }

    /** About 100 KiB of deterministic text. */
    private Path textFile() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            b.append("line ").append(i).append(": the quick brown fox ").append(i * 7919 % 1000)
                    .append(" jumps over the lazy dog\n");
        }
        Path file = tmp.resolve("input.txt");
        Files.writeString(file, b, StandardCharsets.US_ASCII);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void echo(String arch) {
        Invocation inv = busybox(arch, "echo", "hi", "there");
        Outcome ref = GuestRunner.oracleFor(arch).run(inv);
        Compare.stdout("hi there\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void cat(String arch) throws IOException {
        conforms(arch, "cat", textFile().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void wc(String arch) throws IOException {
        conforms(arch, "wc", textFile().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void sha256sum(String arch) throws IOException {
        conforms(arch, "sha256sum", textFile().toString());
    }

    /** {@code ls -l /} against the native x86-64 busybox for both architectures; see {@link LsListing}. */
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void lsRoot(String arch) {
        Outcome ref = GuestRunner.NATIVE.run(busybox("x86_64", "ls", "-l", "/"));
        Outcome zlx = GuestRunner.ZLX.run(busybox(arch, "ls", "-l", "/"));
        Compare.sameResult(ref, zlx, LsListing::normalise);
    }

    /** {@code gzip -c FILE > OUT} then {@code gunzip -c OUT}; the redirection is done in Java. */
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void gzipRoundTrip(String arch) throws IOException {
        Path in = textFile();
        Path refGz = tmp.resolve("ref.gz");
        Path zlxGz = tmp.resolve("zlx.gz");
        Outcome ref = GuestRunner.oracleFor(arch).run(busybox(arch, "gzip", "-c", in.toString()).stdoutTo(refGz));
        Outcome zlx = GuestRunner.ZLX.run(busybox(arch, "gzip", "-c", in.toString()).stdoutTo(zlxGz));
        Compare.exitStatus(0, ref);
        Compare.exitStatus(0, zlx);
        // Same input, same mtime, same deflate code: the compressed bytes must be identical.
        assertArrayEquals(Files.readAllBytes(refGz), Files.readAllBytes(zlxGz),
                "gzip output differs between " + ref.runner() + " and zlx");
        Outcome back = GuestRunner.ZLX.run(busybox(arch, "gunzip", "-c", zlxGz.toString()));
        Compare.exitStatus(0, back);
        if (!back.stdout().equals(Files.readString(in))) {
            Compare.fail("gunzip -c under zlx did not give back the original text\n", back);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void findEtcConf(String arch) {
        Invocation inv = busybox(arch, "find", "/etc", "-name", "*.conf");
        Outcome ref = GuestRunner.oracleFor(arch).run(inv);
        assertTrue(ref.stdout().contains(".conf\n"), ref::describe);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv), Compare::sortedLines);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void dateYear(String arch) {
        Invocation inv = busybox(arch, "date", "+%Y");
        Outcome ref = GuestRunner.oracleFor(arch).run(inv);
        Compare.stdout(Year.now(java.time.ZoneOffset.UTC) + "\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /**
     * {@code uname}: the host and zlx legitimately differ in nodename (zlx may give the guest its
     * own UTS namespace), release and version (zlx reports its own, "6.1.0-zlx"-style), so
     * {@code uname -a} is compared for its shape: "Linux NODENAME RELEASE VERSION… MACHINE GNU/Linux"
     * with sysname "Linux", a non-empty nodename, a release that starts with MAJOR.MINOR, a
     * non-empty version, and the emulated machine ("x86_64" or "aarch64", as QEMU and the host
     * report it) — and {@code uname -s} / {@code uname -m} are compared exactly.
     */
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void uname(String arch) {
        conforms(arch, "uname", "-s");
        conforms(arch, "uname", "-m");
        Outcome ref = GuestRunner.oracleFor(arch).run(busybox(arch, "uname", "-a"));
        Outcome zlx = GuestRunner.ZLX.run(busybox(arch, "uname", "-a"));
        for (Outcome o : new Outcome[] {ref, zlx}) {
            Compare.exitStatus(0, o);
            String s = o.stdout();
            if (!s.matches("Linux \\S+ \\d+\\.\\d+\\S* \\S.*\\S " + arch + " GNU/Linux\n")) {
                Compare.fail("uname -a has not the shape 'Linux NODE MAJOR.MINOR… VERSION " + arch
                        + " GNU/Linux'\n", ref, zlx);
            }
        }
    }
}
