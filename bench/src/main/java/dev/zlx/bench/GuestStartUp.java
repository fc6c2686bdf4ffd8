package dev.zlx.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A static program that returns 0 at once (testbins' true_static), run in a fresh kernel in a
 * warm JVM: kernel, process, ELF load, the few start-up syscalls of libc, exit and reap. It is
 * the fixed cost inside every whole-guest benchmark here (SyscallRoundTrip, ThreadSwitch,
 * ForkExitWait), which spread it over their many operations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GuestStartUp extends GuestProgramBenchmark {
    public GuestStartUp() {
        super("true_static");
    }

    @Benchmark
    public void trueStatic() {
        run();
    }
}
