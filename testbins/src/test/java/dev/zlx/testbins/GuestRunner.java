package dev.zlx.testbins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A way to run a guest program: natively on the host, under QEMU user mode (the reference for
 * aarch64 binaries), or under zlx. Every runner gives the guest exactly the invocation's
 * environment, in order.
 */
enum GuestRunner {
    /** The host kernel; {@code env -i} so the guest's envp has exactly the given entries in order. */
    NATIVE {
        @Override
        List<String> command(Invocation inv) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-i"));
            cmd.addAll(inv.envStrings());
            cmd.add(inv.program);
            cmd.addAll(inv.args);
            return cmd;
        }
    },
    /**
     * Debian's qemu-aarch64. Known quirk (QEMU 7.2): it hands the guest its environment in
     * reverse order, so tests that print envp compare it as a set under QEMU.
     */
    QEMU_AARCH64 {
        @Override
        List<String> command(Invocation inv) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-i"));
            cmd.addAll(inv.envStrings());
            cmd.add(TestPaths.hostTool("/usr/bin/qemu-aarch64", "qemu-user").toString());
            cmd.add(inv.program);
            cmd.addAll(inv.args);
            return cmd;
        }
    },
    /**
     * zlx through its command line, in a fresh JVM from this JVM's java.home and class path:
     * {@code java --enable-native-access=ALL-UNNAMED -cp CP dev.zlx.orchestrator.Main run
     * [--arch A] [-e K=V]… [-w DIR] [options…] -- PROGRAM ARGS…}.
     */
    ZLX {
        @Override
        List<String> command(Invocation inv) {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp", zlxClassPath(),
                    "dev.zlx.orchestrator.Main", "run"));
            if (inv.arch != null) {
                cmd.add("--arch");
                cmd.add(inv.arch);
            }
            for (String kv : inv.envStrings()) {
                cmd.add("-e");
                cmd.add(kv);
            }
            if (inv.workDir != null) {
                cmd.add("-w");
                cmd.add(inv.workDir.toString());
            }
            cmd.addAll(inv.zlxOptions);
            cmd.add("--");
            cmd.add(inv.program);
            cmd.addAll(inv.args);
            return cmd;
        }
    };

    /** The host command line that runs {@code inv} this way. */
    abstract List<String> command(Invocation inv);

    /** Runs {@code inv}; its timeout kills the run and fails the test. */
    Outcome run(Invocation inv) {
        return Subprocess.run(name().toLowerCase(java.util.Locale.ROOT), command(inv), inv.workDir,
                inv.stdoutFile, inv.timeout);
    }

    /** The reference runner for {@code target}: the host for x86-64, QEMU for aarch64. */
    static GuestRunner oracleFor(BuildTarget target) {
        return oracleFor(target.arch());
    }

    static GuestRunner oracleFor(String arch) {
        return arch.equals("x86_64") ? NATIVE : QEMU_AARCH64;
    }

    /**
     * For programs whose output on Linux is known (expected) but whose aarch64 reference cannot
     * come from qemu-aarch64 (it cannot execve aarch64 binaries here, hangs or lacks a feature):
     * the host's output must be expected where the host runs the target, and zlx's always.
     */
    static void matchesLinux(BuildTarget target, Invocation inv, String expected) {
        Outcome zlx = ZLX.run(inv);
        if (target.runsNatively()) {
            Outcome ref = NATIVE.run(inv);
            Compare.stdout(expected, ref);
            Compare.sameResult(ref, zlx);
            return;
        }
        Compare.exitStatus(0, zlx);
        Compare.stdout(expected, zlx);
    }

    /**
     * The program under zlx gives what its reference gives (referenceCheck first makes sure the
     * reference itself did what it should). On aarch64, where qemu-aarch64 is the reference, the
     * comparison is after qemuGap drops what qemu gets wrong, and then the whole output must equal
     * the x86-64 host's for the same program.
     */
    static void matchesReference(Target target, java.util.function.Consumer<Outcome> referenceCheck,
            java.util.function.UnaryOperator<String> qemuGap, String program, String... args) {
        Invocation inv = Invocation.of(target, program, args);
        Outcome ref = oracleFor(target).run(inv);
        referenceCheck.accept(ref);
        Outcome zlx = ZLX.run(inv);
        if (target.runsNatively()) {
            Compare.sameResult(ref, zlx);
            return;
        }
        Compare.sameResult(ref, zlx, qemuGap);
        Outcome host = NATIVE.run(Invocation.of(Target.X86_64_GLIBC, program, args));
        Compare.sameResult(host, zlx);
    }

    /**
     * The class path of this test JVM. Surefire starts tests from a manifest-only jar and
     * publishes the real class path as {@code surefire.test.class.path}; the orchestrator and
     * every module it wires are on it, because testbins depends on orchestrator.
     */
    static String zlxClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
