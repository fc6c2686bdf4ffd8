package dev.zlx.bench;

import dev.zlx.abi.Fcntl;
import dev.zlx.cpu.CpuBackend;
import dev.zlx.cpu.CpuBackends;
import dev.zlx.kernel.Exec;
import dev.zlx.kernel.ExecError;
import dev.zlx.kernel.ExitStatus;
import dev.zlx.kernel.FdTable;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.KernelConfig;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.TaskRunner;
import dev.zlx.orchestrator.HostFacts;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.Dispatcher;
import dev.zlx.syscalls.Syscalls;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.dev.DevFs;
import dev.zlx.vfs.host.HostFileSystem;
import dev.zlx.vfs.tty.DevPts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel wired as `zlx run` wires one (the Unicorn backend, the host's / as the guest's root,
 * /dev, the syscall table), so that benchmarks run guest programs inside the benchmark's JVM
 * instead of timing a new JVM per run. The guest's stdin, stdout and stderr are /dev/null.
 */
final class GuestKernel {
    /** devpts's usual gid= option (tty), as `zlx run` mounts it. */
    private static final int TTY_GID = 5;
    /** One engine binding and one syscall table for every kernel of the JVM, as in one zlx run. */
    private static final CpuBackend CPU = CpuBackends.unicorn();
    private static final CompatReport REPORT = new CompatReport();
    private static final Dispatcher DISPATCHER = new Dispatcher(Syscalls.registry(REPORT), REPORT, null, System.err);

    private final Kernel kernel;

    /** A kernel as `zlx run` makes it, with the host's user. */
    GuestKernel() {
        this(HostFacts.kernelConfig());
    }

    /** A kernel with the given identity and machine. */
    GuestKernel(KernelConfig config) {
        this(config, new MountTable());
        kernel.mounts().mount("/", new HostFileSystem(Path.of("/"), false), false);
        kernel.mounts().mount("/dev", DevFs.create(new DevPts(0620, TTY_GID)), false);
    }

    /** A kernel over the given mounts (a benchmark's own file system at "/"), no /dev. */
    GuestKernel(KernelConfig config, MountTable mounts) {
        kernel = new Kernel(config, CPU, mounts);
        kernel.setDispatcher(DISPATCHER);
    }

    static CpuBackend cpu() {
        return CPU;
    }

    Kernel kernel() {
        return kernel;
    }

    /** A first process working in /, with /dev/null as stdin, stdout and stderr, and no program yet. */
    Task firstProcess() {
        FdTable fds = new FdTable();
        OpenFile devNull = kernel.walker().resolveCanonical("/dev/null").inode().open(Fcntl.O_RDWR);
        fds.installAt(0, devNull, false);
        fds.installAt(1, devNull.retain(), false);
        fds.installAt(2, devNull.retain(), false);
        return kernel.createFirstProcess(fds, kernel.walker().rootOfTree());
    }

    /**
     * Runs program (a guest path) with args in a fresh kernel until the process and everything
     * it started have ended, as `zlx run` does; fails unless it exits 0, so that a benchmark
     * never times a guest that went wrong.
     */
    static void run(String program, String... args) {
        GuestKernel guest = new GuestKernel();
        Task task = guest.firstProcess();
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(List.of(args));
        try {
            Exec.start(task, program, argv, List.of());
        } catch (ExecError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        new TaskRunner(task).run();
        ExitStatus status = guest.kernel.tree().awaitDeath(task.process());
        guest.kernel.killAll();
        if (status.shellStatus() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " ended with status " + status.shellStatus());
        }
    }
}
