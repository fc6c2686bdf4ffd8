package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `zlx run -t` at a real terminal: util-linux's script(1) gives zlx a pty as its stdin (with a
 * 33x111 window) and this test types at busybox sh through it. The guest's stdio is a pty slave
 * that ttyname(3) names /dev/pts/0, the window size is forwarded, /dev/console is that terminal
 * too, the shell's exit status is zlx's.
 * Without a terminal, `-t` is a usage error.
 */
class RunTerminalTest {
    @TempDir
    Path tmp;

    private static String quoted(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    @Test
    void interactiveShell_seesATerminalWithTheHostWindowSize() throws Exception {
        Path busybox = TestPaths.busybox("x86_64");
        for (String applet : List.of("sh", "stty", "tty", "stat")) {
            Files.createSymbolicLink(tmp.resolve(applet), busybox);
        }
        Invocation inv = Invocation.of(busybox, "sh").env("PATH", tmp.toString()).env("PS1", "zz> ").zlxOption("-t");
        String zlx = quoted(GuestRunner.ZLX.command(inv));
        Process p = new ProcessBuilder("script", "-qfec", "stty rows 33 cols 111; exec " + zlx, "/dev/null")
                .redirectErrorStream(true).start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> copy(p.getInputStream(), seen));
        OutputStream keys = p.getOutputStream();
        waitFor(seen, "zz> ");
        type(keys, "stty size; tty; echo $((6*7))\r");
        waitFor(seen, "\r\n42\r\n");
        type(keys, "echo on-console >/dev/console; stat -c %t:%T /dev/console\r");
        waitFor(seen, "\r\non-console\r\n5:1\r\n");
        type(keys, "exit 5\r");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "zlx -t did not end");
        reader.join(5000);
        String out = seen.toString(StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("\r\n33 111\r\n/dev/pts/0\r\n42\r\n"), out);
        assertEquals(5, p.exitValue(), out);
    }

    /** Without -t there is no /dev/console, as in a container run without a terminal. */
    @Test
    void withoutATerminal_thereIsNoConsole() {
        Outcome o = GuestRunner.ZLX.run(Invocation.of("/bin/sh", "-c", "test -e /dev/console; echo $?"));
        assertEquals("1\n", o.stdout(), o::describe);
    }

    @Test
    void withoutATerminal_tIsAUsageError() {
        Outcome o = GuestRunner.ZLX.run(Invocation.of("/bin/true").zlxOption("-t"));
        assertEquals(125, o.exitStatus(), o::describe);
        assertEquals("zlx: -t needs a terminal: zlx's standard input is not one\n", o.stderr(), o::describe);
    }

    private static void type(OutputStream keys, String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.ISO_8859_1));
        keys.flush();
    }

    private static void waitFor(ByteArrayOutputStream seen, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            synchronized (seen) {
                if (seen.toString(StandardCharsets.ISO_8859_1).contains(text)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never saw " + text + " in: " + seen.toString(StandardCharsets.ISO_8859_1));
    }

    private static void copy(InputStream in, ByteArrayOutputStream seen) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (seen) {
                    seen.write(buf, 0, n);
                }
            }
        } catch (IOException end) {
            // The process ended.
        }
    }
}
