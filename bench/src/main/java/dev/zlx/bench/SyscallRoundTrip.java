package dev.zlx.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * One syscall round trip on the real Unicorn backend through the kernel: the guest's
 * `syscall(SYS_getppid)` traps, the dispatcher reads the arguments and calls the getppid
 * handler, the result goes back into the register and the guest resumes. testbins'
 * getppid_loop makes CALLS of them in a fresh kernel; the score is per call and includes
 * GuestStartUp's fixed cost divided by CALLS (about 6 ns of it on 2026-12-06).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyscallRoundTrip extends GuestProgramBenchmark {
    static final int CALLS = 1_000_000;

    public SyscallRoundTrip() {
        super("getppid_loop");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void getppid() {
        run(Integer.toString(CALLS));
    }
}
