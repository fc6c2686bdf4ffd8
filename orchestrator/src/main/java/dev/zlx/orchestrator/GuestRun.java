package dev.zlx.orchestrator;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.CpuBackend;
import dev.zlx.cpu.CpuBackends;
import dev.zlx.cpu.CpuException;
import dev.zlx.cpu.StopReason;
import dev.zlx.kernel.Exec;
import dev.zlx.kernel.ExecError;
import dev.zlx.kernel.ExitStatus;
import dev.zlx.kernel.FdTable;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.TaskRunner;
import dev.zlx.kernel.mm.KernelPages;
import dev.zlx.procfs.ProcFs;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.Dispatcher;
import dev.zlx.syscalls.Syscalls;
import dev.zlx.syscalls.trace.Strace;
import dev.zlx.sysfs.SysFs;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.dev.DevFs;
import dev.zlx.vfs.tty.DevPts;
import dev.zlx.vfs.tty.PtyMaster;
import dev.zlx.vfs.OpenFile;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.host.HostFileSystem;
import dev.zlx.vfs.host.HostStdioFile;
import dev.zlx.vfs.memory.PageAllocator;
import dev.zlx.vfs.overlay.OverlayFs;
import dev.zlx.vfs.overlay.OverlayOptions;
import dev.zlx.vfs.tmpfs.TmpFs;
import dev.zlx.vfs.tmpfs.TmpFsOptions;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One `zlx run`: the composition root that wires a CPU backend, file systems, a kernel and the
 * syscall table, starts the program and waits for it.
 */
final class GuestRun {
    static final int EXIT_NOT_FOUND = 127;
    static final int EXIT_CANNOT_EXECUTE = 126;
    /** The tty group of Debian and most distributions, devpts's usual gid= option. */
    private static final int TTY_GID = 5;
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** What the command line asked for. */
    static final class Settings {
        Path rootfs;
        Arch arch;
        List<String> env = new ArrayList<>();
        List<Bind> binds = new ArrayList<>();
        List<TmpfsOption> tmpfs = new ArrayList<>();
        String workdir;
        String strace;
        boolean report;
        /** -t: the guest gets a pty wired to zlx's terminal. */
        boolean tty;
        /** --cpus and --memory; null for the host's. */
        Integer cpus;
        Long memoryBytes;
        String program;
        List<String> args = new ArrayList<>();
    }

    private final Settings settings;

    GuestRun(Settings settings) {
        this.settings = settings;
    }

    int run() throws UsageError, IOException {
        CpuBackend cpu;
        try {
            cpu = CpuBackends.unicorn();
        } catch (CpuException e) {
            throw new UsageError(e.getMessage());
        }
        MountTable mounts = new MountTable();
        Path root = settings.rootfs != null ? settings.rootfs : Path.of("/");
        mounts.mount("/", new HostFileSystem(root, false), false);
        Kernel kernel = new Kernel(HostFacts.kernelConfig(settings.cpus, settings.memoryBytes), cpu, mounts);
        PageAllocator pages = pagesFor(cpu);
        long memory = kernel.config().memoryBytes();
        for (Bind b : settings.binds) {
            requireGuestDirectory(kernel, b.guest(), "-v " + b.host() + ":" + b.guest());
            mounts.mount(canonical(kernel, b.guest()), volume(kernel, pages, memory, b), b.mode() == Bind.Mode.RO);
        }
        // devpts as systemd and container runtimes mount it: mode=620, gid=5 (tty).
        DevPts devpts = new DevPts(0620, TTY_GID);
        // With -t, /dev/console is the run's pty, as container runtimes give it; else there is none.
        AtomicReference<PtyMaster> terminal = new AtomicReference<>();
        DevFs.Console console = settings.tty ? flags -> consoleOf(terminal.get(), flags) : null;
        registerFileSystemTypes(kernel, pages, devpts, console);
        mountIfPresent(kernel, "/dev", () -> mounts.mount("/dev", DevFs.create(devpts, console), false));
        mountIfPresent(kernel, "/dev/pts", () -> mounts.mount("/dev/pts", devpts, false));
        mountIfPresent(kernel, "/proc", () -> mounts.mount("/proc", ProcFs.create(kernel), false));
        mountIfPresent(kernel, "/sys", () -> mounts.mount("/sys", SysFs.create(kernel), false));
        // memfd_create's files live on an internal tmpfs bounded only by the memory (shm_mnt).
        kernel.setShm(tmpfs(kernel, pages, memory, 01777));
        mountIfPresent(kernel, "/dev/shm", () -> mounts.mount("/dev/shm", tmpfs(kernel, pages, memory / 2, 01777), false));
        for (TmpfsOption t : settings.tmpfs) {
            requireGuestDirectory(kernel, t.guest(), "--tmpfs " + t.guest());
            long limit = t.size() > 0 ? t.size() : memory / 2;
            mounts.mount(canonical(kernel, t.guest()), tmpfs(kernel, pages, limit, t.mode()), false);
        }

        PrintStream traceOut = openTrace();
        Strace strace = traceOut == null ? null : new Strace(traceOut);
        CompatReport report = new CompatReport();
        Dispatcher dispatcher = new Dispatcher(Syscalls.registry(report), report, strace, System.err);
        kernel.setDispatcher(dispatcher);

        FdTable fds = new FdTable();
        PtyMaster master = settings.tty ? openGuestTerminal(kernel, devpts, fds) : null;
        terminal.set(master);
        if (master == null) {
            for (int fd = 0; fd < 3; fd++) {
                fds.installAt(fd, HostStdioFile.of(fd), false);
            }
        }
        Resolved cwd = workingDirectory(kernel);
        Task task = kernel.createFirstProcess(fds, cwd);
        if (master != null) {
            // As login does: the first process leads a session whose controlling terminal is the pty.
            var p = task.process();
            master.tty().assignSession(p.sid(), p.pgid(), kernel.sessions());
            p.setControllingTty(master.tty());
        }
        try (TerminalRelay relay = master == null ? null : TerminalRelay.start(master)) {
            return runFirstProcess(kernel, task, strace, traceOut, report);
        }
    }

    /**
     * A pty whose slave becomes the guest's stdin, stdout and stderr (named /dev/pts/N when
     * devpts is mounted, so that ttyname(3) finds it).
     */
    private static PtyMaster openGuestTerminal(Kernel kernel, DevPts devpts, FdTable fds) {
        PtyMaster master = devpts.openMaster(Fcntl.O_RDWR);
        master.tty().setLocked(false);
        OpenFile slave = master.openPeer(Fcntl.O_RDWR);
        try {
            slave.at(kernel.walker().resolveCanonical("/dev/pts/" + master.tty().index()));
        } catch (LinuxException noDevPts) {
            // A root without /dev: the terminal works, it just has no name.
        }
        fds.installAt(0, slave, false);
        fds.installAt(1, slave.retain(), false);
        fds.installAt(2, slave.retain(), false);
        return master;
    }

    private int runFirstProcess(Kernel kernel, Task task, Strace strace, PrintStream traceOut, CompatReport report) {
        String path = findProgram(kernel, task);
        if (path == null || !exists(kernel, task, path)) {
            System.err.println("zlx: " + settings.program + ": no such file or command in the guest");
            return EXIT_NOT_FOUND;
        }
        List<String> argv = new ArrayList<>();
        argv.add(settings.program);
        argv.addAll(settings.args);
        try {
            Exec.start(task, path, argv, settings.env);
        } catch (ExecError e) {
            // The program exists (checked above): whatever else fails makes it unexecutable.
            System.err.println("zlx: " + e.getMessage());
            return EXIT_CANNOT_EXECUTE;
        }
        if (strace != null) {
            strace.firstExec(path, argv, settings.env.size());
        }
        if (settings.arch != null && task.process().arch() != settings.arch) {
            System.err.println("zlx: " + settings.program + " is an " + task.process().arch().cliName()
                    + " program, not " + settings.arch.cliName());
            return EXIT_CANNOT_EXECUTE;
        }
        kernel.setFaultListener((t, reason, signal) -> traceFault(traceOut, reason, signal));
        new TaskRunner(task).run();
        // The first task may end before its process does (another thread's execve ends it).
        ExitStatus status = kernel.tree().awaitDeath(task.process());
        // Like a container's main process: when it ends, whatever it left running ends too.
        kernel.killAll();
        if (strace != null) {
            strace.processEnd(status.code(), status.signal());
            traceOut.flush();
        }
        if (settings.report) {
            report.print(System.err);
        }
        return status.shellStatus();
    }

    /** A tmpfs of limit bytes whose root has the mode, owned by root, timed by the kernel's clock. */
    /** tmpfs pages are the CPU backend's shared memory: MAP_SHARED maps them themselves. */
    private static PageAllocator pagesFor(CpuBackend cpu) {
        return new KernelPages(cpu);
    }

    /** What mount(2) can make inside the guest. */
    /** /dev/console: another slave description of the run's pty (ENXIO before it exists). */
    private static OpenFile consoleOf(PtyMaster master, int flags) {
        if (master == null) {
            throw Errno.ENXIO.exception();
        }
        return master.openPeer(flags);
    }

    private static void registerFileSystemTypes(Kernel kernel, PageAllocator pages, DevPts devpts,
            DevFs.Console console) {
        long memory = kernel.config().memoryBytes();
        kernel.fileSystemTypes().register("tmpfs", true, (source, flags, data, paths) -> {
            TmpFsOptions o = TmpFsOptions.parse(data, memory);
            return new TmpFs(pages, o.size() > 0 ? o.size() : memory / 2, o.mode(), new Owner(o.uid(), o.gid()),
                    TmpFs.DEFAULT_EXTENT_SIZE, kernel::realtimeNanos, "tmpfs");
        });
        kernel.fileSystemTypes().register("proc", true, (source, flags, data, paths) -> ProcFs.create(kernel));
        kernel.fileSystemTypes().register("sysfs", true, (source, flags, data, paths) -> SysFs.create(kernel));
        kernel.fileSystemTypes().register("devtmpfs", true, (source, flags, data, paths) -> DevFs.create(devpts, console));
        // One pty namespace per run: a new devpts mount shows the same ptys (no newinstance).
        kernel.fileSystemTypes().register("devpts", true, (source, flags, data, paths) -> devpts);
        kernel.fileSystemTypes().register("overlay", true,
                (source, flags, data, paths) -> OverlayOptions.parse(data).mount(paths));
    }

    /** The file system a -v option mounts: the host directory, or an overlay of it under a tmpfs. */
    private static FileSystem volume(Kernel kernel, PageAllocator pages, long memory, Bind b) {
        return switch (b.mode()) {
            case RW -> new HostFileSystem(b.host(), false);
            case RO -> new HostFileSystem(b.host(), true);
            case OVERLAY -> new OverlayFs(List.of(new HostFileSystem(b.host(), true).root()),
                    tmpfs(kernel, pages, memory / 2, 0755).root());
        };
    }

    private static TmpFs tmpfs(Kernel kernel, PageAllocator pages, long limit, int mode) {
        return new TmpFs(pages, limit, mode, Owner.ROOT, TmpFs.DEFAULT_EXTENT_SIZE, kernel::realtimeNanos, "tmpfs");
    }

    private interface Mounter {
        void mount();
    }

    /** Mounts a file system where the tree has a directory for it. */
    private static void mountIfPresent(Kernel kernel, String path, Mounter m) {
        try {
            if (kernel.walker().resolveCanonical(path).inode().isDirectory()) {
                m.mount();
            }
        } catch (LinuxException absent) {
            // A root without /dev or /proc (or a /dev without shm) simply has none, as a chroot would.
        }
    }

    private static void requireGuestDirectory(Kernel kernel, String guest, String what) throws UsageError {
        try {
            Resolved r = kernel.walker().resolveCanonical(guest);
            if (!r.inode().isDirectory()) {
                throw new UsageError(what + ": " + guest + " is not a directory in the guest");
            }
        } catch (LinuxException e) {
            throw new UsageError(what + ": " + guest + " does not exist in the guest's root (create it first)");
        }
    }

    private static String canonical(Kernel kernel, String guest) {
        Resolved root = kernel.walker().rootOfTree();
        return kernel.walker().resolve(root, root, guest, true).path();
    }

    private Resolved workingDirectory(Kernel kernel) throws UsageError {
        String dir = settings.workdir != null ? settings.workdir
                : settings.rootfs == null ? Path.of("").toAbsolutePath().toString() : "/";
        Resolved root = kernel.walker().rootOfTree();
        try {
            Resolved r = kernel.walker().resolve(root, root, dir, true);
            if (!r.inode().isDirectory()) {
                throw new UsageError("-w " + dir + " is not a directory in the guest");
            }
            return r;
        } catch (LinuxException e) {
            throw new UsageError("working directory " + dir + ": " + e.errno().message() + " in the guest");
        }
    }

    /** The program's path: as given when it has a '/', else the first match in the guest's PATH. */
    private String findProgram(Kernel kernel, Task task) {
        String name = settings.program;
        if (name.contains("/")) {
            return name;
        }
        String pathVar = DEFAULT_PATH;
        for (String kv : settings.env) {
            if (kv.startsWith("PATH=")) {
                pathVar = kv.substring(5);
            }
        }
        var fs = task.process().fs();
        for (String dir : pathVar.split(":")) {
            String candidate = (dir.isEmpty() ? "." : dir) + "/" + name;
            try {
                Resolved r = kernel.walker().resolve(fs.root(), fs.cwd(), candidate, true);
                if (!r.inode().isDirectory()) {
                    return candidate;
                }
            } catch (LinuxException notHere) {
                // Try the next directory, as execvp(3) does.
            }
        }
        return null;
    }

    /** Whether path names something in the guest (a dangling symlink does not count). */
    private static boolean exists(Kernel kernel, Task task, String path) {
        var fs = task.process().fs();
        try {
            kernel.walker().resolve(fs.root(), fs.cwd(), path, true);
            return true;
        } catch (LinuxException e) {
            return e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR;
        }
    }

    private PrintStream openTrace() throws UsageError {
        if (settings.strace == null) {
            return null;
        }
        if (settings.strace.equals("-")) {
            return System.err;
        }
        try {
            return new PrintStream(new FileOutputStream(settings.strace), true);
        } catch (IOException e) {
            throw new UsageError("--strace=" + settings.strace + ": cannot write: " + e.getMessage());
        }
    }

    private static void traceFault(PrintStream traceOut, StopReason reason, int signal) {
        if (traceOut == null) {
            return;
        }
        String detail = switch (reason.kind()) {
            case UNMAPPED -> "si_code=SEGV_MAPERR, si_addr=0x" + Long.toHexString(reason.address());
            case PROTECTION -> "si_code=SEGV_ACCERR, si_addr=0x" + Long.toHexString(reason.address());
            case ENGINE_ERROR -> "zlx: CPU backend failed: " + reason.message();
            default -> "si_addr=0x" + Long.toHexString(reason.address());
        };
        traceOut.println("--- " + Signals.name(signal) + " {si_signo=" + Signals.name(signal) + ", " + detail + "} ---");
    }
}
