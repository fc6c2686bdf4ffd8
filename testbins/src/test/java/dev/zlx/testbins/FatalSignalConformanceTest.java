package dev.zlx.testbins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Programs that die of a signal: the exit status must be 128 + the signal under zlx as under
 * the reference, and what they printed before dying must be the same.
 */
class FatalSignalConformanceTest {

    private static void diesLikeReference(Target target, String program, int shellStatus) {
        Invocation inv = Invocation.of(target, program);
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.exitStatus(shellStatus, ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void nullDereference_diesOfSigsegv(Target target) {
        diesLikeReference(target, "segv", 128 + 11);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void abort_diesOfSigabrt(Target target) {
        diesLikeReference(target, "abort", 128 + 6);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void writeToClosedPipe_ignoredGivesEpipe_defaultKillsWithSigpipe(Target target) {
        diesLikeReference(target, "sigpipe", 128 + 13);
    }
}
