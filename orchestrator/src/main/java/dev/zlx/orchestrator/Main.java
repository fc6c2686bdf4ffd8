package dev.zlx.orchestrator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The zlx command line: parses the verb and its options, runs it, exits with its status. */
@Command(name = "zlx", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs unmodified Linux programs (x86-64 and aarch64) on the JVM, with a virtual Linux kernel.",
        subcommands = {RunCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The status zlx exits with when it fails itself (not the guest), as docker does. */
    static final int EXIT_ZLX_ERROR = 125;

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
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

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
