package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code zlx run --strace=FILE} on strace_hello against the host's {@code strace -f -qq}
 * (x86-64) or {@code qemu-aarch64 -strace} (aarch64): the sequences of system-call names must be
 * equal. Addresses, arguments and results are ignored. Legitimate differences, removed before
 * comparing:
 * <ul>
 * <li>A leading {@code execve}: strace shows the execve its child makes to start the program;
 *     zlx loads the program itself and may or may not show that as an execve.</li>
 * <li>QEMU 7.2 prints system calls it does not know as "Unknown syscall N"; those are named
 *     from {@link #AARCH64_NAMES} (only rseq occurs).</li>
 * </ul>
 * C-library start-up calls (brk, arch_prctl, set_tid_address, set_robust_list, rseq,
 * prlimit64, readlink, getrandom, mprotect) must all appear under zlx too, in order: glibc
 * makes the same calls whatever their results.
 */
class StraceConformanceTest {
    private static final Pattern CALL =
            Pattern.compile("^(?:\\[pid\\s+\\d+\\]\\s*|\\d+\\s+)?([a-z_][a-z0-9_]*)\\(");
    private static final Pattern QEMU_UNKNOWN = Pattern.compile("^\\d+ Unknown syscall (\\d+)");
    private static final Map<Integer, String> AARCH64_NAMES = Map.of(293, "rseq");

    @TempDir
    Path tmp;

    static List<String> syscallNames(String trace) {
        List<String> names = new ArrayList<>();
        for (String line : trace.split("\n")) {
            Matcher m = CALL.matcher(line);
            Matcher u = QEMU_UNKNOWN.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            } else if (u.find()) {
                names.add(AARCH64_NAMES.getOrDefault(Integer.parseInt(u.group(1)), "syscall_" + u.group(1)));
            }
        }
        if (!names.isEmpty() && names.get(0).equals("execve")) {
            names.remove(0);
        }
        return names;
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void straceHello_sameSyscallSequence(Target target) throws IOException {
        Path program = target.binary("strace_hello");
        List<String> reference;
        String referenceText;
        Outcome ref;
        if (target.runsNatively()) {
            Path out = tmp.resolve("native.strace");
            ref = Subprocess.run("strace", List.of(TestPaths.hostTool("/usr/bin/strace", "strace").toString(),
                    "-f", "-qq", "-o", out.toString(), program.toString()), null, null, Invocation.DEFAULT_TIMEOUT);
            referenceText = Files.readString(out);
        } else {
            ref = Subprocess.run("qemu-strace", List.of(TestPaths.hostTool("/usr/bin/qemu-aarch64", "qemu-user")
                    .toString(), "-strace", program.toString()), null, null, Invocation.DEFAULT_TIMEOUT);
            referenceText = ref.stderr();
        }
        Compare.exitStatus(0, ref);
        Compare.stdout("hi\n", ref);
        reference = syscallNames(referenceText);
        if (!reference.contains("write") || !reference.get(reference.size() - 1).equals("exit_group")) {
            Compare.fail("reference trace not understood: " + reference + "\n" + referenceText + "\n", ref);
        }

        Path zlxTrace = tmp.resolve("zlx.strace");
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "strace_hello").zlxOption("--strace=" + zlxTrace));
        Compare.sameResult(ref, zlx);
        String zlxText = Files.exists(zlxTrace) ? Files.readString(zlxTrace) : "(no trace file written)";
        List<String> actual = syscallNames(zlxText);
        if (!reference.equals(actual)) {
            Compare.fail("syscall sequences differ\n  reference: " + reference + "\n  zlx:       " + actual
                    + "\n--- reference trace:\n" + referenceText + "--- zlx trace:\n" + zlxText + "\n", ref, zlx);
        }
    }
}
