package dev.zlx.bench;

import dev.zlx.kernel.Exec;
import dev.zlx.kernel.ExecError;
import dev.zlx.kernel.Task;
import java.util.List;
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
 * Loading a program without running it, as execve does before the first instruction: path
 * lookup, ELF parse (and for a dynamic program its PT_INTERP, ld.so, parsed and mapped too),
 * a new address space, the segments mapped and filled from the file, the initial stack
 * (argv, envp, auxv) and the switch of the process to the new image. Static: testbins'
 * x86-64 true_static; dynamic: the host's /bin/true. Each load replaces the previous one, so
 * the figure includes releasing the previous address space, as an execve does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class ElfLoad {
    @Param({"static", "dynamic"})
    public String program;

    private Task task;
    private String path;

    @Setup
    public void createProcess() {
        task = new GuestKernel().firstProcess();
        path = program.equals("static") ? TestPrograms.path("x86_64-glibc", "true_static") : "/bin/true";
    }

    @Benchmark
    public void load() throws ExecError {
        Exec.start(task, path, List.of(path), List.of());
    }
}
