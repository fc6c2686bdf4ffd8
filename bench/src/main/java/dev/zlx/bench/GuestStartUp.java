package dev.zlx.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A static program that returns 0 at once (testbins' true_static), run in a fresh kernel in a
 * warm JVM: kernel, process, ELF load, the few start-up syscalls of libc, exit and reap. It is
 * the fixed cost inside every whole-guest benchmark here (SyscallRoundTrip, ThreadSwitch,
 * ForkExitWait), which spread it over their many operations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class GuestStartUp {
    @Param({"x86_64-glibc", "aarch64-glibc"})
    public String target;

    private String program;

    @Setup
    public void findProgram() {
        program = TestPrograms.path(target, "true_static");
    }

    @Benchmark
    public void trueStatic() {
        GuestKernel.run(program);
    }
}
