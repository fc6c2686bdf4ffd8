package dev.zlx.orchestrator;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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
        CommandLine cli = commandLine();
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

    /** `zlx [-hV] [COMMAND]` with the commands run and help; without a command it prints its usage. */
    static CommandLine commandLine() {
        CommandLine[] self = new CommandLine[1];
        Runnable usage = () -> self[0].usage(System.err);
        CommandSpec zlx = CommandSpec.wrapWithoutInspection(usage).name("zlx").mixinStandardHelpOptions(true)
                .versionProvider(new Version());
        zlx.usageMessage().description(
                "Runs unmodified Linux programs (x86-64 and aarch64) on the JVM, with a virtual Linux kernel.");
        self[0] = new CommandLine(zlx);
        self[0].addSubcommand("run", new RunCommand().spec());
        self[0].addSubcommand("help", new CommandLine.HelpCommand());
        return self[0];
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
