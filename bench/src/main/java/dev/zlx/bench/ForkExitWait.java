package dev.zlx.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * fork + _exit + waitpid: testbins' fork_loop forks FORKS children one after the other, each
 * exits at once and the parent reaps it. One iteration is the copy of the address space, a
 * new engine and host thread for the child, its exit, SIGCHLD and the reap. The score is per
 * iteration and includes GuestStartUp's fixed cost divided by FORKS.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ForkExitWait {
    static final int FORKS = 50;

    @Param({"x86_64-glibc", "aarch64-glibc"})
    public String target;

    private String program;

    @Setup
    public void findProgram() {
        program = TestPrograms.path(target, "fork_loop");
    }

    @Benchmark
    @OperationsPerInvocation(FORKS)
    public void forkExitWait() {
        GuestKernel.run(program, Integer.toString(FORKS));
    }
}
