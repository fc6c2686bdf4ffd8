package dev.zlx.testbins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guest code that makes no syscalls is still interrupted: time slices between threads of one
 * process, signals to a spinning thread, SIGALRM in a single-threaded spin, and job control of
 * a spinning child. Before the cpu backend's exact stops each of these hung.
 */
class PreemptionConformanceTest {

    @ParameterizedTest
    @EnumSource(Target.class)
    void spinningGuestCode_isPreemptedAndSignalled(Target target) {
        Invocation inv = Invocation.of(target, "preempt");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.stdout("spinner stopped by another spinning thread: 1\n"
                + "spinner stopped by its signal handler: 1\n"
                + "20 round trips through memory only\n"
                + "SIGALRM ended a single-threaded spin\n"
                + "spinning child stopped=1 sig=19\n"
                + "spinning child continued=1\n"
                + "spinning child killed=1 sig=15\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }
}
