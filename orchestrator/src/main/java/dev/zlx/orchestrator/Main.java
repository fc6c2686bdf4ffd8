package dev.zlx.orchestrator;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The zlx command line: parses the verb and its options, runs it, exits with its status. The
 * picocli model is built in code, not read from annotations (see {@link RunCommand}).
 */
public final class Main {
    /** The status zlx exits with when it fails itself (not the guest), as docker does. */
    static final int EXIT_ZLX_ERROR = 125;

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine(args.length > 0 && args[0].equals("run"));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("zlx: " + describe(e));
            return EXIT_ZLX_ERROR;
        });
        cli.setParameterExceptionHandler((e, args2) -> {
            System.err.println("zlx: " + e.getMessage() + " (see 'zlx " + e.getCommandLine().getCommandName()
                    + " --help')");
            return 2;
        });
        int status = cli.execute(args);
        System.out.flush();
        System.exit(status);
    }

    /**
     * `zlx [-hV] [COMMAND]` with the commands run and help; without a command it prints its usage.
     * picocli reads its help command's model from annotations (reflection and annotation proxies,
     * ~10 ms at start-up), so it is left out of a command line that starts with run, where it could
     * never be reached.
     */
    static CommandLine commandLine(boolean runOnly) {
        CommandLine[] self = new CommandLine[1];
        Runnable usage = () -> self[0].usage(System.err);
        CommandSpec zlx = CommandSpec.wrapWithoutInspection(usage).name("zlx").versionProvider(new Version());
        addStandardHelpOptions(zlx);
        zlx.usageMessage().description(
                "Runs unmodified Linux programs (x86-64 and aarch64) on the JVM, with a virtual Linux kernel.");
        self[0] = new CommandLine(zlx);
        self[0].addSubcommand("run", new RunCommand().spec());
        if (!runOnly) {
            self[0].addSubcommand("help", new CommandLine.HelpCommand());
        }
        return self[0];
    }

    /**
     * -h/--help and -V/--version as picocli's mixinStandardHelpOptions declares them, built here
     * because the mixin is read from annotations.
     */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").type(boolean.class).usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").type(boolean.class).versionHelp(true)
                .description("Print version information and exit.").build());
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
