package dev.zlx.testbins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command with an empty environment and a timeout. Output goes to temporary files,
 * so a chatty process can never block on a full pipe; on timeout the process and its descendants
 * are killed and the test fails showing whatever output there was.
 */
final class Subprocess {
    private Subprocess() {}

    static Outcome run(String runner, List<String> command, Path workDir, Path stdoutFile, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = stdoutFile != null ? stdoutFile : Files.createTempFile("zlx-test-out", ".txt");
            err = Files.createTempFile("zlx-test-err", ".txt");
            Process p = start(runner, command, workDir, out, err);
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(p);
                Outcome partial = new Outcome(runner, command, -1, read(out), read(err));
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s and was killed\n"
                        + partial.describe());
            }
            return new Outcome(runner, command, p.exitValue(),
                    stdoutFile != null ? "(sent to " + stdoutFile + ")" : read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(stdoutFile == null ? out : null);
            deleteQuietly(err);
        }
    }

    /**
     * Starts a host command as {@link #run} does (empty environment, stdin from /dev/null), its
     * stdout and stderr going to the files given, and returns it running.
     */
    static Process start(String runner, List<String> command, Path workDir, Path out, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().clear();
        if (runner.equals("zlx")) {
            // The JVM's own locale (not the guest's): host file names are UTF-8 bytes.
            pb.environment().put("LC_ALL", "C.UTF-8");
        }
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        return pb.start();
    }

    /** Kills p and its descendants, and waits a little for it to go. */
    static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    static String read(Path file) {
        try {
            return file == null ? "" : new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }
}
