package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A guest program running in the background while the test acts on the host: its output is
 * watched as it grows (for a "ready" line, or for what the test's action should bring), then it
 * is waited for or killed. Every wait has a generous timeout that fails the test, showing the
 * output so far; nothing is asserted about how fast anything happens.
 */
final class BackgroundRun implements AutoCloseable {
    private final String runner;
    private final Invocation inv;
    private final List<String> command;
    private final Path out;
    private final Path err;
    private final Process process;

    private BackgroundRun(GuestRunner runner, Invocation inv) throws IOException {
        this.runner = runner.name().toLowerCase(Locale.ROOT);
        this.inv = inv;
        this.out = Files.createTempFile("zlx-test-out", ".txt");
        this.err = Files.createTempFile("zlx-test-err", ".txt");
        this.command = runner.command(inv);
        this.process = Subprocess.start(this.runner, command, inv.workDir, out, err);
    }

    static BackgroundRun start(GuestRunner runner, Invocation inv) throws IOException {
        return new BackgroundRun(runner, inv);
    }

    /** Waits until the output so far passes check; fails if the program ends first or the timeout passes. */
    void awaitOutput(Predicate<String> check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + inv.timeout.toNanos();
        while (!check.test(Subprocess.read(out))) {
            if (!process.isAlive()) {
                throw new AssertionError("ended before " + what + "\n" + outcome(process.exitValue()).describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " after " + inv.timeout.toSeconds() + " s\n"
                        + outcome(-1).describe());
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the program to end by itself and returns what it did. */
    Outcome awaitExit() throws InterruptedException {
        if (!process.waitFor(inv.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Subprocess.kill(process);
            throw new AssertionError("timed out after " + inv.timeout.toSeconds() + " s and was killed\n"
                    + outcome(-1).describe());
        }
        return outcome(process.exitValue());
    }

    private Outcome outcome(int status) {
        return new Outcome(runner, command, status, Subprocess.read(out), Subprocess.read(err));
    }

    /** Kills the program if it still runs, and removes its output files. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            Subprocess.kill(process);
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }
}
