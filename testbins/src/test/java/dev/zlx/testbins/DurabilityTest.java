package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's durability check: what a guest wrote and fsync'd on a read-write host directory is
 * in the host file after zlx is killed with SIGKILL right after the fsync returned (zlx keeps
 * no write buffer of its own that a kill could lose).
 */
class DurabilityTest {
    @Test
    void fsyncedData_isOnTheHostAfterSigkill(@TempDir Path tmp) throws IOException, InterruptedException {
        Path file = tmp.resolve("durable.txt");
        String text = "written by the guest and fsync'd\n".repeat(100);
        Invocation inv = Invocation.of(Target.X86_64_GLIBC, "durable", file.toString(), text);
        Process zlx = new ProcessBuilder(GuestRunner.ZLX.command(inv)).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(zlx.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("synced", line, "the guest did not report its fsync");
            zlx.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block in zlx runs
            assertTrue(zlx.waitFor(30, TimeUnit.SECONDS), "zlx did not die");
        } finally {
            zlx.destroyForcibly();
        }
        assertEquals(text, Files.readString(file));
    }
}
