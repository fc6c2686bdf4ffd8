package dev.zlx.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * fork + _exit + waitpid: testbins' fork_loop forks FORKS children one after the other, each
 * exits at once and the parent reaps it. One iteration is the copy of the address space, a
 * new engine and host thread for the child, its exit, SIGCHLD and the reap. The score is per
 * iteration and includes GuestStartUp's fixed cost divided by FORKS.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForkExitWait extends GuestProgramBenchmark {
    static final int FORKS = 50;

    public ForkExitWait() {
        super("fork_loop");
    }

    @Benchmark
    @OperationsPerInvocation(FORKS)
    public void forkExitWait() {
        run(Integer.toString(FORKS));
    }
}
