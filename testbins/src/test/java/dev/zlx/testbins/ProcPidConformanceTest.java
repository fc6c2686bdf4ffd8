package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * /proc/PID and /proc/PID/task/TID: the procpid program's invariants on every target, the
 * host's procps, coreutils and python3 reading the guest's /proc under a busybox shell that
 * started a small tree of sleeping processes, and util-linux's setarch.
 */
class ProcPidConformanceTest {

    /**
     * procpid's checks, with arguments for /proc/self/cmdline to show. The reference is the
     * native x86-64 run on every target: qemu-aarch64 is none, as it fakes /proc/self/stat and
     * shows its own threads in status. procpid prints the same lines on every architecture.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void procpid_invariantsAgainstTheSyscalls(Target target) {
        Outcome ref = GuestRunner.NATIVE.run(Invocation.of(Target.X86_64_GLIBC, "procpid", ARGS));
        Compare.exitStatus(0, ref);
        assertTrue(ref.stdout().contains("maps shows the mmap: ok\n") && !ref.stdout().contains("FAIL"), ref.stdout());
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "procpid", ARGS));
        Compare.exitStatus(0, zlx);
        Compare.stdout(ref.stdout(), zlx);
    }

    private static final String[] ARGS = {"one", "two words", ""};

    @TempDir
    Path tmp;

    /**
     * The busybox shell starts `sleep` and a shell with a `sleep` of its own, then runs the
     * host's tools; each section of the output is checked against the pids the shell knows.
     */
    private Outcome hostToolsOnATree() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("bin"));
        Path busybox = TestPaths.busybox("x86_64");
        for (String applet : List.of("sh", "sleep", "echo", "kill", "wait", "test", "[")) {
            Files.createSymbolicLink(dir.resolve(applet), busybox);
        }
        String script = String.join("\n",
                "sleep 20 & a=$!",
                "sh -c 'sleep 20 & wait' & b=$!",
                "sleep 1",
                "echo \"ids $$ $a $b\"",
                "echo '== ps -ef'; /usr/bin/ps -ef",
                "echo '== ps -eLf'; /usr/bin/ps -eLf",
                "echo '== pgrep'; /usr/bin/pgrep -P $$ -x sleep",
                "/usr/bin/pkill -0 -x sleep; echo \"pkill=$?\"",
                "/usr/bin/pkill -0 -x no-such-program; echo \"pkill-none=$?\"",
                "echo '== ls'; /bin/ls -l /proc/self/fd",
                "echo '== maps'; /bin/cat /proc/self/maps",
                "echo '== end'",
                "/usr/bin/pkill -x sleep; kill $a $b; wait",
                "");
        Invocation inv = Invocation.of(busybox, "sh", "-c", script).arch("x86_64")
                .env("PATH", dir.toString()).timeout(Duration.ofSeconds(120));
        Outcome zlx = GuestRunner.ZLX.run(inv);
        Compare.exitStatus(0, zlx);
        return zlx;
    }

    /** The pids the script prints: its shell, the sleep, and the inner shell. */
    private record TreeIds(String self, String a, String b) {
        static TreeIds of(String out) {
            Matcher ids = Pattern.compile("ids (\\d+) (\\d+) (\\d+)").matcher(out);
            assertTrue(ids.find(), out);
            return new TreeIds(ids.group(1), ids.group(2), ids.group(3));
        }
    }

    private static String section(String out, String name) {
        int start = out.indexOf("== " + name + "\n");
        assertTrue(start >= 0, "no section " + name + " in\n" + out);
        int end = out.indexOf("\n== ", start + 1);
        return out.substring(start + name.length() + 4, end < 0 ? out.length() : end + 1);
    }

    @Test
    void hostTools_seeTheGuestsProcessTree() throws IOException {
        String out = hostToolsOnATree().stdout();
        String a = TreeIds.of(out).a();

        assertEquals(a + "\npkill=0\npkill-none=1\n", section(out, "pgrep"), out);

        String ls = section(out, "ls");
        for (String fd : List.of("0", "1", "2")) {
            assertTrue(Pattern.compile("(?m)^l[-r][-w]x------ .* " + fd + " -> ").matcher(ls).find(), ls);
        }
        assertTrue(Pattern.compile("(?m)^lr-x------ .* 3 -> /proc/\\d+/fd$").matcher(ls).find(), ls);

        String maps = section(out, "maps");
        assertTrue(Pattern.compile("(?m)^\\p{XDigit}+-\\p{XDigit}+ r-xp \\p{XDigit}{8} \\p{XDigit}+:\\p{XDigit}+ \\d+ +/usr/bin/cat$")
                .matcher(maps).find(), maps);
        assertTrue(maps.contains("[stack]\n"), maps);

    }

    /** procps's ps, which also needs the system-wide /proc/stat (its btime) to run at all. */
    @Test
    void ps_showsTheTreeWithTheRightParents() throws IOException {
        String out = hostToolsOnATree().stdout();
        TreeIds ids = TreeIds.of(out);
        String self = ids.self();
        String a = ids.a();
        String b = ids.b();
        Map<String, String[]> rows = new HashMap<>();
        for (String line : section(out, "ps -ef").split("\n")) {
            String[] f = line.trim().split(" +", 8);
            rows.put(f[1], f);
        }
        assertEquals(self, rows.get(a)[2], "sleep's parent is the shell\n" + out);
        assertTrue(rows.get(a)[7].equals("sleep 20"), out);
        assertEquals(self, rows.get(b)[2], out);
        assertTrue(rows.values().stream().anyMatch(f -> f[2].equals(b) && f[7].equals("sleep 20")),
                "the inner shell's sleep\n" + out);
        String threads = section(out, "ps -eLf");
        assertTrue(Arrays.stream(threads.split("\n")).map(l -> l.trim().split(" +", 10))
                .anyMatch(f -> f[1].equals(a) && f[2].equals(self) && f[3].equals(a) && f[5].equals("1")), threads);
    }

    /**
     * util-linux's setarch sets the persona with personality(2) and execs the program, which
     * keeps it: ADDR_NO_RANDOMIZE shows in cat's /proc/self/personality, and `setarch -R true`
     * runs at all (setarch fails when personality(2) does).
     */
    @Test
    void setarch_personaKeptAcrossExecve() {
        Path setarch = TestPaths.hostTool("/usr/bin/setarch", "util-linux");
        Invocation cat = Invocation.of(setarch, "x86_64", "-R", "cat", "/proc/self/personality")
                .arch("x86_64").env("PATH", "/usr/bin:/bin").timeout(Duration.ofSeconds(120));
        Outcome ref = GuestRunner.NATIVE.run(cat);
        Compare.stdout("00040000\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(cat));
        Invocation plain = Invocation.of(setarch, "-R", "true").arch("x86_64").env("PATH", "/usr/bin:/bin")
                .timeout(Duration.ofSeconds(120));
        Compare.sameResult(GuestRunner.NATIVE.run(plain), GuestRunner.ZLX.run(plain));
    }

    /** subprocess with close_fds lists /proc/self/fd to close what the child must not inherit. */
    @Test
    void python3_subprocessWithCloseFds() {
        Invocation inv = Invocation.of(TestPaths.hostTool("/usr/bin/python3", "python3"), "-c",
                "import subprocess, os\n"
                        + "r = subprocess.run(['true'], close_fds=True)\n"
                        + "print(r.returncode, sorted(int(x) for x in os.listdir('/proc/self/fd'))[:3])\n")
                .arch("x86_64").env("PATH", "/usr/bin:/bin").timeout(Duration.ofSeconds(300));
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("0 [0, 1, 2]\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }
}
