package dev.zlx.testbins;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Statically linked Go programs (Go 1.19, CGO_ENABLED=0; src/main/go) for amd64 and arm64: each
 * runs under its reference (the host, or qemu-aarch64) and under zlx, and stdout and exit
 * status must match; the reference is first checked against the exact expected text. The Go
 * runtime brings its own threads (clone), futexes, signal stacks and handlers for every signal,
 * an epoll netpoller with timers, and pipes and fork/exec for os/exec.
 */
class GoConformanceTest {

    private static void conforms(GoTarget target, String program, String expected) {
        Invocation inv = Invocation.of(target, program);
        Outcome ref = GuestRunner.oracleFor(target.arch()).run(inv);
        Compare.stdout(expected, ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @ParameterizedTest
    @EnumSource(GoTarget.class)
    void goroutines_channelsWaitGroupMutex(GoTarget target) {
        conforms(target, "goroutines", "goroutines=1000 sum=167167000 total=500500\nchain token=5000\n");
    }

    /** The garbage collector at work on 4 threads (marking, sweeping, stop-the-world, assists). */
    @ParameterizedTest
    @EnumSource(GoTarget.class)
    void gcstress_collectorOnFourThreads(GoTarget target) {
        conforms(target, "gcstress", "sum: 360000 collections happened: true\n");
    }

    @ParameterizedTest
    @EnumSource(GoTarget.class)
    void timers_sleepTimerTickerAfterContext(GoTarget target) {
        conforms(target, "timers", "sleep at least 20ms: true\ntimer fired\nlong timer stopped: true\nticks: 5\n"
                + "value before timeout: 7\ntime.After won\ncontext: context deadline exceeded\n"
                + "total at least 130ms: true\n");
    }

    @ParameterizedTest
    @EnumSource(GoTarget.class)
    void signals_notifyStopIgnore(GoTarget target) {
        conforms(target, "signals", "got: user defined signal 1\ngot: terminated\n"
                + "ignored SIGUSR1, still here; ignored: true\n");
    }

    @ParameterizedTest
    @EnumSource(GoTarget.class)
    void exec_childOutputExitCodeAndStdinPipe(GoTarget target) {
        String expected = "output: \"child args: a,b env: yes\\n\"\nexit code: 3\n"
                + "upper: \"HELLO\\nFROM THE PARENT\\n\" err=<nil> success=true\n";
        // qemu-aarch64 cannot execve an aarch64 binary on this host.
        GuestRunner.matchesLinux(target, Invocation.of(target, "exec"), expected);
    }

    /**
     * With GOMAXPROCS=1 a goroutine spinning without function calls is preempted only by the
     * runtime's SIGURG, which must interrupt guest code that makes no syscall.
     */
    @ParameterizedTest
    @EnumSource(GoTarget.class)
    void preempt_spinningGoroutineIsPreempted(GoTarget target) {
        Invocation inv = Invocation.of(target, "preempt").timeout(Duration.ofSeconds(60));
        Outcome ref = GuestRunner.oracleFor(target.arch()).run(inv);
        Compare.stdout("main ran while a goroutine spun: true\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }
}
