package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's busybox-static {@code sh -c SCRIPT} for x86-64 and arm64: pipelines, command
 * substitution, subshells, {@code kill} and scripts with a
 * {@code #!} line, i.e. fork, execve, wait4, pipes and signal deaths driven by a real shell.
 * The shell finds its applets through {@code PATH}: a directory of symlinks to the busybox
 * binary (plus a {@code busybox} link to itself), made per run in a temporary directory.
 *
 * <p>The reference for both architectures is the native x86-64 busybox with the same script:
 * qemu-aarch64 cannot be one, because the shell execs its applets and, without binfmt_misc,
 * the host kernel refuses an aarch64 binary (ENOEXEC). No script prints anything that depends
 * on the architecture. Each reference run is first checked against the exact expected output.
 *
 * <p>Job control without a terminal: traps, background jobs, {@code wait}, {@code kill} and
 * {@code timeout}, where ash's {@code wait} sleeps until its SIGCHLD handler runs. A script that
 * needs a file writes it into its own applet directory, which is {@code $PATH}.
 */
class BusyboxShellTest {
    private static final List<String> APPLETS =
            List.of("sh", "busybox", "echo", "true", "false", "wc", "cat", "seq", "sleep", "tr", "timeout", "xargs",
                    "rm", "renice", "mkdir", "ln", "cp", "mv", "find", "sort", "du", "stat", "ls", "rmdir", "cd");

    @TempDir
    Path tmp;

    /**
     * A directory of applet symlinks to the {@code arch} busybox, and an executable
     * {@code script.sh} whose {@code #!} line names that directory's {@code sh}.
     */
    private Path binDir(String name, String arch) throws IOException {
        Path busybox = TestPaths.busybox(arch);
        Path dir = Files.createDirectory(tmp.resolve(name));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(dir.resolve(applet), busybox);
        }
        Path script = dir.resolve("script.sh");
        Files.writeString(script, "#!" + dir.resolve("sh") + "\necho \"script: $# args: $*\"\nexit 4\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private Invocation shell(String arch, Path dir, String script) {
        return Invocation.of(TestPaths.busybox(arch), "sh", "-c", script).arch(arch)
                .env("PATH", dir.toString()).timeout(Duration.ofSeconds(60));
    }

    private void conforms(String arch, String script, String expected) throws IOException {
        Outcome ref = GuestRunner.NATIVE.run(shell("x86_64", binDir("ref", "x86_64"), script));
        Compare.exitStatus(0, ref);
        Compare.stdout(expected, ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(shell(arch, binDir("zlx", arch), script)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void pipeline(String arch) throws IOException {
        conforms(arch, "echo a b c | busybox wc -w; seq 1 50 | cat | tr 0-9 a-j | wc -l",
                "3\n50\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void commandSubstitution(String arch) throws IOException {
        conforms(arch, "x=$(echo hello | wc -c); echo \"n=$x\"; y=`busybox echo back`; echo \"[$y]\";"
                + " echo \"nested $(echo $(seq 3 | wc -l))\"", "n=6\n[back]\nnested 3\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void subshellAndChildExitCodes(String arch) throws IOException {
        conforms(arch, "(exit 3); echo $?; (true); echo $?; false; echo $?; busybox false; echo $?;"
                + " sh -c 'exit 42'; echo $?; (exit 300); echo $?", "3\n0\n1\n1\n42\n44\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void loopSpawning100Processes(String arch) throws IOException {
        conforms(arch, "i=0; while [ $i -lt 100 ]; do busybox true; i=$((i+1)); done; echo $i", "100\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void scriptWithShebangLine(String arch) throws IOException {
        conforms(arch, "script.sh a 'b c'; echo $?; sh \"$(command -v script.sh)\" y; echo $?;"
                + " sh -c 'script.sh x'; echo $?",
                "script: 2 args: a b c\n4\nscript: 1 args: y\n4\nscript: 1 args: x\n4\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void childKilledBySignal(String arch) throws IOException {
        conforms(arch, "sh -c 'kill -9 $$'; echo $?; sh -c 'kill -TERM $$'; echo $?; sh -c 'kill -KILL $$; echo no'; echo $?",
                "137\n143\n137\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void trapOnIntTermAndExit(String arch) throws IOException {
        conforms(arch, "trap 'echo got INT' INT; trap 'echo got TERM' TERM; trap 'echo bye' EXIT;"
                + " kill -INT $$; kill -TERM $$; echo after", "got INT\ngot TERM\nafter\nbye\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void trapInABackgroundJob(String arch) throws IOException {
        conforms(arch, "rm -f $PATH/ready; sh -c 'trap \"echo child TERM; exit 9\" TERM; : > $PATH/ready;"
                + " while :; do sleep 1; done' & p=$!; while [ ! -e $PATH/ready ]; do sleep 0.1; done;"
                + " kill -TERM $p; wait $p; echo \"bg trap: $?\"", "child TERM\nbg trap: 9\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void backgroundJobsWaitAndKill(String arch) throws IOException {
        conforms(arch, "sleep 10 & p=$!; kill $p; wait $p; echo \"killed: $?\"; sleep 5 & kill -9 $!; wait $!;"
                + " echo \"kill -9: $?\"; (exit 7) & q=$!; wait $q; echo \"wait q: $?\"; sh -c 'exit 3' &"
                + " sh -c 'exit 5' & wait; echo \"wait all: $?\"; wait $q; echo \"again: $?\"",
                "killed: 143\nkill -9: 137\nwait q: 7\nwait all: 0\nagain: 127\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void timeoutOfSleepAndOfABusyLoop(String arch) throws IOException {
        conforms(arch, "timeout 5 true; echo \"fast: $?\"; timeout 1 sleep 10; echo \"sleep: $?\";"
                + " timeout 1 sh -c 'while :; do :; done'; echo \"busy: $?\"", "fast: 0\nsleep: 143\nbusy: 143\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void xargsInGroupsOfThree(String arch) throws IOException {
        conforms(arch, "seq 1 20 | xargs -n 3 echo", "1 2 3\n4 5 6\n7 8 9\n10 11 12\n13 14 15\n16 17 18\n19 20\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void loopSpawning300ProcessesAndThirtyBackgroundJobs(String arch) throws IOException {
        conforms(arch, "i=0; while [ $i -lt 300 ]; do busybox true; i=$((i+1)); done; echo $i;"
                + " j=0; while [ $j -lt 30 ]; do busybox true & j=$((j+1)); done; wait; echo $j", "300\n30\n");
    }

    /** Debian's busybox has renice but no nice applet: renice reads and sets with getpriority/setpriority. */
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void reniceOfItselfAChildAndNobody(String arch) throws IOException {
        conforms(arch, "renice -n 5 -p $$; echo \"own: $?\"; sh -c 'renice -n 3 -p $$; echo \"child: $?\"';"
                + " renice -n 1 -p 4000000; echo \"none: $?\"; renice -n 2 -g 4000000; echo \"group none: $?\"",
                "own: 0\nchild: 0\nnone: 1\ngroup none: 1\n");
    }

    /**
     * cp -a, mv, ln, find, du and rm -r in /dev/shm: the host's tmpfs for the reference, zlx's
     * tmpfs under zlx (a hard link survives the copy, du counts tmpfs's 4 KiB pages and a hard link once).
     */
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void fileToolsInDevShm(String arch) throws IOException {
        conforms(arch, "d=/dev/shm/bb.$$; mkdir -p $d/src/a/b && cd $d && echo one > src/a/f && echo two > src/a/b/g"
                + " && ln -s f src/a/l && ln src/a/f src/hard && cp -a src copy && mv copy moved && find moved | sort"
                + " && du -a moved | sort -k2 && cat moved/a/l && stat -c '%h %s' moved/hard moved/a/f"
                + " && rm -r src moved && ls -A && cd / && rmdir $d && echo clean",
                "moved\nmoved/a\nmoved/a/b\nmoved/a/b/g\nmoved/a/f\nmoved/a/l\nmoved/hard\n"
                + "8\tmoved\n8\tmoved/a\n4\tmoved/a/b\n4\tmoved/a/b/g\n4\tmoved/a/f\n0\tmoved/a/l\n"
                + "one\n2 4\n2 4\nclean\n");
    }
}
