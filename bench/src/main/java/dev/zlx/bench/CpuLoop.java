package dev.zlx.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * The CPU-bound loop (testbins' cpu_kernel: cpu_loop's hashing and matrix multiply without
 * libc) under zlx and on a bare Unicorn engine ({@link BareUnicorn}), the same machine code in
 * the same JVM: zlx's cost over the engine is the difference (issue 6's target: at most 1.1x).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CpuLoop extends GuestProgramBenchmark {
    @Param({"200000000"})
    public String rounds;

    public CpuLoop() {
        super("cpu_kernel");
    }

    @Benchmark
    public void zlx() {
        run(rounds);
    }

    @Benchmark
    public String bareUnicorn() {
        return BareUnicorn.run(program(), rounds);
    }
}
