package dev.zlx.orchestrator;

import dev.zlx.abi.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `zlx run`: runs one Linux program under emulation and exits with its status. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a Linux program (x86-64 or aarch64 ELF, or #! script) under emulation.",
            "Without --rootfs the guest sees the host's / as it is (like QEMU user mode); with it, "
                + "a host directory confined as the root. The exit status is the guest's, 128+N when "
                + "signal N killed it, 127 when the program does not exist, 126 when it cannot be "
                + "executed, 125 when zlx itself fails."},
        footer = {"", "Examples:", "  zlx run -- /bin/ls -la /", "  zlx run --rootfs ./alpine -e PATH=/bin -- sh -c 'echo hi'",
            "  zlx run --strace -- ./hello", "  zlx run -v $PWD/data:/data:ro --rootfs ./root -- /bin/cat /data/x"})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--rootfs", paramLabel = "DIR", description = "Host directory to use as the guest's root (confined).")
    Path rootfs;

    @Option(names = "--arch", paramLabel = "ARCH", description = "x86_64 or aarch64; default: the program's own.")
    String arch;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Sets a variable of the guest's environment "
            + "(which is otherwise empty).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Guest working directory; default: the "
            + "current directory without --rootfs, / with it.")
    String workdir;

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:GUEST[:ro|:overlay]", description = "Binds a host "
            + "directory into the guest; read-only with :ro; with :overlay the guest may change it but its changes "
            + "stay in memory (an overlay with a tmpfs upper layer) and the host directory is never written.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "DIR[:size=N[k|m|g]][,mode=OCTAL]", description = "Mounts an "
            + "empty tmpfs on a guest directory (repeatable); default size half the memory, mode 1777.")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--cpus", paramLabel = "N", description = "The number of CPUs the guest sees (sched_getaffinity, "
            + "/proc/cpuinfo, /proc/stat); default: the host's.")
    Integer cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "The memory size the guest sees (sysinfo, "
            + "/proc/meminfo), BYTES, Nk, Nm or Ng; default: the host's.")
    String memory;

    @Option(names = "--strace", arity = "0..1", fallbackValue = "-", paramLabel = "FILE",
            description = "Prints each syscall like strace does, to stderr or to FILE.")
    String strace;

    @Option(names = {"-t", "--tty"}, description = "Gives the guest a terminal (a pty wired to zlx's own, "
            + "which must be one): for interactive shells and editors.")
    boolean tty;

    @Option(names = "--report", description = "At exit, lists the syscalls and flags the guest used that zlx lacks.")
    boolean report;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program: a guest path, or a name looked up "
            + "in the guest's PATH.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    /** Linux's NR_CPUS of x86-64 and arm64 defconfigs. */
    private static final int MAX_CPUS = 512;
    private static final long MIN_MEMORY = 1 << 20;

    @Override
    public Integer call() throws Exception {
        GuestRun.Settings settings = new GuestRun.Settings();
        if (rootfs != null) {
            if (!Files.isDirectory(rootfs)) {
                throw new UsageError("--rootfs " + rootfs + " is not a directory");
            }
            settings.rootfs = rootfs.toAbsolutePath().normalize();
        }
        if (arch != null) {
            settings.arch = Arch.ofCliName(arch);
            if (settings.arch == null) {
                throw new UsageError("--arch " + arch + " is not one of x86_64, aarch64");
            }
        }
        for (String kv : env) {
            if (!kv.contains("=") || kv.startsWith("=")) {
                throw new UsageError("-e " + kv + " is not of the form K=V");
            }
        }
        settings.env = env;
        for (String v : volumes) {
            settings.binds.add(Bind.parse(v));
        }
        for (String t : tmpfs) {
            settings.tmpfs.add(TmpfsOption.parse(t));
        }
        if (cpus != null) {
            if (cpus < 1 || cpus > MAX_CPUS) {
                throw new UsageError("--cpus " + cpus + " is not between 1 and " + MAX_CPUS);
            }
            settings.cpus = cpus;
        }
        if (memory != null) {
            long bytes = ByteSize.parse(memory);
            if (bytes < MIN_MEMORY) {
                throw new UsageError("--memory " + memory + " is not a size of at least 1m (BYTES, Nk, Nm or Ng)");
            }
            settings.memoryBytes = bytes;
        }
        settings.workdir = workdir;
        settings.strace = strace;
        settings.report = report;
        if (tty && !TerminalRelay.hostHasTerminal()) {
            throw new UsageError("-t needs a terminal: zlx's standard input is not one");
        }
        settings.tty = tty;
        settings.program = program;
        settings.args = args;
        return new GuestRun(settings).run();
    }
}
