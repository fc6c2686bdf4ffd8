package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * inotify sees what the host changes in a host directory (hostfs under zlx), as Linux does
 * whoever makes a change: the hostnotify program waits on its watches while this test changes the
 * directory from the host, and its events must be the reference's; and the host's own
 * {@code tail -f}, which follows a file on a local file system with inotify, prints the line this
 * test appends to it.
 */
class HostNotifyConformanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Target.class)
    void hostChanges_sameEventsAsTheReference(Target target) throws Exception {
        Outcome ref = watchHostChanges(GuestRunner.oracleFor(target), target, tmp.resolve("ref"));
        if (!ref.stdout().endsWith("hostnotify: done\n")) {
            Compare.fail("the reference did not finish", ref);
        }
        Compare.sameResult(ref, watchHostChanges(GuestRunner.ZLX, target, tmp.resolve("zlx")));
    }

    /**
     * hostnotify on dir (made here, holding f), run by runner; once its watches are in place,
     * the host appends to f, changes its mode, creates, writes and renames g, makes and removes a
     * directory, renames and deletes f, deletes the renamed g, and creates "end".
     */
    private static Outcome watchHostChanges(GuestRunner runner, Target target, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("f"), "one\n");
        try (BackgroundRun run = BackgroundRun.start(runner,
                Invocation.of(target, "hostnotify", dir.toString()).timeout(Duration.ofSeconds(60)))) {
            run.awaitOutput(out -> out.contains("ready\n"), "ready line");
            Files.writeString(dir.resolve("f"), "two\n", StandardOpenOption.APPEND);
            Files.setPosixFilePermissions(dir.resolve("f"), PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("g"), "new\n");
            Files.move(dir.resolve("g"), dir.resolve("h"));
            Files.createDirectory(dir.resolve("sub"));
            Files.delete(dir.resolve("sub"));
            Files.move(dir.resolve("f"), dir.resolve("f2"));
            Files.delete(dir.resolve("f2"));
            Files.delete(dir.resolve("h"));
            Files.createFile(dir.resolve("end"));
            return run.awaitExit();
        }
    }

    /** GNU tail -f prints what the host appends, natively (the test's own check) and under zlx. */
    @Test
    void tailFollow_printsWhatTheHostAppends() throws Exception {
        for (GuestRunner runner : new GuestRunner[] {GuestRunner.NATIVE, GuestRunner.ZLX}) {
            Path log = tmp.resolve(runner + ".log");
            Files.writeString(log, "first line\n");
            Invocation inv = Invocation.of(TestPaths.hostTool("/usr/bin/tail", "coreutils"), "-f", log.toString())
                    .arch("x86_64").timeout(Duration.ofSeconds(60));
            try (BackgroundRun tail = BackgroundRun.start(runner, inv)) {
                tail.awaitOutput(out -> out.contains("first line\n"), "first line");
                append(log, "appended by the host\n");
                tail.awaitOutput(out -> out.equals("first line\nappended by the host\n"), "appended line");
            }
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}
