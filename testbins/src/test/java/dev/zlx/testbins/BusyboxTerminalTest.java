package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's busybox-static {@code sh -i} at a terminal (issue 4, "what must work" item 5): the
 * ptydrive program runs it on a pty slave as its controlling terminal and types at it through
 * the master; the prompt, a command that prints, line editing, ^C interrupting {@code sleep 100}
 * without ending the shell, and {@code exit}. The driver and the shell both run under zlx; the
 * reference is the same pair run natively on x86-64 (see BusyboxShellTest for why qemu-aarch64
 * cannot be one).
 */
class BusyboxTerminalTest {
    private static final String EXPECTED = "prompt: yes\necho printed: yes\nline editing: yes\n"
            + "^C gave the prompt back: yes, in under 10 s: yes\nshell survived, sleep ended by SIGINT: yes\n"
            + "shell exit status: 7\n";

    @TempDir
    Path tmp;

    private Invocation drive(Target target, String arch, String name) throws IOException {
        Path busybox = TestPaths.busybox(arch);
        Path dir = Files.createDirectory(tmp.resolve(name));
        for (String applet : List.of("sh", "sleep", "echo")) {
            Files.createSymbolicLink(dir.resolve(applet), busybox);
        }
        return Invocation.of(target, "ptydrive", busybox.toString(), "sh", "-i").env("PATH", dir.toString())
                .timeout(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void interactiveShell_promptCommandEditingInterruptExit(String arch) throws IOException {
        Outcome ref = GuestRunner.NATIVE.run(drive(Target.X86_64_GLIBC, "x86_64", "ref"));
        Compare.exitStatus(0, ref);
        Compare.stdout(EXPECTED, ref);
        Target target = arch.equals("x86_64") ? Target.X86_64_GLIBC : Target.AARCH64_GLIBC;
        Compare.sameResult(ref, GuestRunner.ZLX.run(drive(target, arch, "zlx")));
    }
}
