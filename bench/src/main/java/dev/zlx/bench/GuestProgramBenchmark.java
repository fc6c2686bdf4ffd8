package dev.zlx.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A whole-guest benchmark: one of testbins' static programs, built for each architecture,
 * run to its end in a fresh kernel per invocation (see {@link GuestKernel#run}).
 */
@State(Scope.Benchmark)
public abstract class GuestProgramBenchmark {
    @Param({"x86_64-glibc", "aarch64-glibc"})
    public String target;

    private final String name;
    private String program;

    GuestProgramBenchmark(String name) {
        this.name = name;
    }

    @Setup
    public void findProgram() {
        program = TestPrograms.path(target, name);
    }

    String program() {
        return program;
    }

    /** Runs the program with args; fails unless it exits 0. */
    void run(String... args) {
        GuestKernel.run(program, args);
    }
}
