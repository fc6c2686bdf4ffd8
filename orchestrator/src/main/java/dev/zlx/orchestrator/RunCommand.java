package dev.zlx.orchestrator;

import dev.zlx.abi.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * `zlx run`: runs one Linux program under emulation and exits with its status.
 *
 * <p>The picocli model is built in code rather than from annotations: reading annotations costs
 * picocli's reflection (annotation proxies, typed-member scans) on every start, which was a
 * measurable part of `zlx run`'s start-up (docs/PERFORMANCE.md). Options keep their values in
 * the model; {@link #call} reads them from there.
 */
final class RunCommand implements Callable<Integer> {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    RunCommand() {
        spec.name("run");
        Main.addStandardHelpOptions(spec);
        spec.usageMessage()
                .description("Runs a Linux program (x86-64 or aarch64 ELF, or #! script) under emulation.",
                        "Without --rootfs the guest sees the host's / as it is (like QEMU user mode); with it, "
                            + "a host directory confined as the root. The exit status is the guest's, 128+N when "
                            + "signal N killed it, 127 when the program does not exist, 126 when it cannot be "
                            + "executed, 125 when zlx itself fails.")
                .footer("", "Examples:", "  zlx run -- /bin/ls -la /",
                        "  zlx run --rootfs ./alpine -e PATH=/bin -- sh -c 'echo hi'",
                        "  zlx run --strace -- ./hello",
                        "  zlx run -v $PWD/data:/data:ro --rootfs ./root -- /bin/cat /data/x");
        spec.addOption(option(Path.class, "DIR", "Host directory to use as the guest's root (confined).", "--rootfs"));
        spec.addOption(option(String.class, "ARCH", "x86_64 or aarch64; default: the program's own.", "--arch"));
        spec.addOption(repeatable("K=V", "Sets a variable of the guest's environment (which is otherwise empty).",
                "-e", "--env"));
        spec.addOption(option(String.class, "DIR", "Guest working directory; default: the current directory without "
                + "--rootfs, / with it.", "-w", "--workdir"));
        spec.addOption(repeatable("HOST:GUEST[:ro|:overlay]", "Binds a host directory into the guest; read-only with "
                + ":ro; with :overlay the guest may change it but its changes stay in memory (an overlay with a tmpfs "
                + "upper layer) and the host directory is never written.", "-v", "--volume"));
        spec.addOption(repeatable("DIR[:size=N[k|m|g]][,mode=OCTAL]", "Mounts an empty tmpfs on a guest directory "
                + "(repeatable); default size half the memory, mode 1777.", "--tmpfs"));
        spec.addOption(option(Integer.class, "N", "The number of CPUs the guest sees (sched_getaffinity, "
                + "/proc/cpuinfo, /proc/stat); default: the host's.", "--cpus"));
        spec.addOption(option(String.class, "SIZE", "The memory size the guest sees (sysinfo, /proc/meminfo), "
                + "BYTES, Nk, Nm or Ng; default: the host's.", "--memory"));
        spec.addOption(OptionSpec.builder("--strace").type(String.class).arity("0..1").fallbackValue("-")
                .paramLabel("FILE").description("Prints each syscall like strace does, to stderr or to FILE.").build());
        spec.addOption(flag("Gives the guest a terminal (a pty wired to zlx's own, which must be one): for "
                + "interactive shells and editors.", "-t", "--tty"));
        spec.addOption(flag("At exit, lists the syscalls and flags the guest used that zlx lacks.", "--report"));
        spec.addPositional(PositionalParamSpec.builder().index("0").type(String.class).arity("1").required(true)
                .paramLabel("PROGRAM")
                .description("The program: a guest path, or a name looked up in the guest's PATH.").build());
        spec.addPositional(PositionalParamSpec.builder().index("1..*").type(List.class).auxiliaryTypes(String.class)
                .arity("0..1").paramLabel("ARGS").description("Its arguments.").build());
    }

    /** The model picocli parses `zlx run`'s arguments with. */
    CommandSpec spec() {
        return spec;
    }

    private static OptionSpec option(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).description(description).build();
    }

    private static OptionSpec repeatable(String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).paramLabel(label)
                .description(description).build();
    }

    private static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).description(description).build();
    }

    /** The parsed value of the option named name; null when not given. */
    private <T> T value(String name) {
        return spec.findOption(name).getValue();
    }

    /** Whether the flag named name was given. */
    private boolean isSet(String name) {
        return Boolean.TRUE.equals(value(name));
    }

    /** The values of a repeatable option or of the trailing positional; empty when none were given. */
    private static List<String> values(ArgSpec arg) {
        List<String> v = arg.getValue();
        return v == null ? new ArrayList<>() : v;
    }

    /** Linux's NR_CPUS of x86-64 and arm64 defconfigs. */
    private static final int MAX_CPUS = 512;
    private static final long MIN_MEMORY = 1 << 20;

    @Override
    public Integer call() throws Exception {
        Path rootfs = value("--rootfs");
        String arch = value("--arch");
        List<String> env = values(spec.findOption("--env"));
        List<String> volumes = values(spec.findOption("--volume"));
        List<String> tmpfs = values(spec.findOption("--tmpfs"));
        Integer cpus = value("--cpus");
        String memory = value("--memory");
        String workdir = value("--workdir");
        String strace = value("--strace");
        boolean tty = isSet("--tty");
        boolean report = isSet("--report");
        String program = spec.positionalParameters().get(0).getValue();
        List<String> args = values(spec.positionalParameters().get(1));
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
