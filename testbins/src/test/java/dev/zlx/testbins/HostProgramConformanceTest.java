package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's own dynamically linked x86-64 programs, unmodified: zlx must load their
 * interpreter (ld.so) and shared libraries from the host root, as QEMU user mode does.
 */
class HostProgramConformanceTest {

    private static void conforms(Invocation inv) {
        Compare.sameResult(GuestRunner.NATIVE.run(inv), GuestRunner.ZLX.run(inv));
    }

    private static Invocation host(String program, String... args) {
        return Invocation.of(TestPaths.hostTool(program, "coreutils"), args).arch("x86_64");
    }

    /** GNU {@code ls -la /}; compared as described in {@link LsListing}. */
    @Test
    void ls_la_root() {
        Invocation inv = host("/bin/ls", "-la", "/");
        Compare.sameResult(GuestRunner.NATIVE.run(inv), GuestRunner.ZLX.run(inv), LsListing::normalise);
    }

    @Test
    void cat_osRelease() {
        conforms(host("/bin/cat", "/etc/os-release"));
    }

    @Test
    void sha256sum(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("data.bin");
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >> 8));
        }
        Files.write(file, data);
        conforms(host("/usr/bin/sha256sum", file.toString()));
    }

    @Test
    void env_printsExactlyTheGivenEnvironment() {
        Invocation inv = host("/usr/bin/env").env("A", "1").env("B", "2");
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("A=1\nB=2\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @Test
    @Tag("slow")
    void python3_sumOfRange() {
        Invocation inv = Invocation.of(TestPaths.hostTool("/usr/bin/python3", "python3"),
                "-c", "print(sum(range(10**6)))").arch("x86_64").timeout(Duration.ofSeconds(300));
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("499999500000\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /** GNU nice(1): nice(3) and getpriority(2) through glibc, nested, the value kept across execve. */
    @Test
    void nice_nestedAdjustments() {
        Invocation inv = host("/usr/bin/nice", "-n", "5", "/usr/bin/nice", "-n", "3", "/usr/bin/nice");
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("8\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /** The host's bash: pipelines, command substitution, a subshell, background jobs and wait. */
    @Test
    void bash_pipelinesSubstitutionSubshellAndJobs() {
        String script = String.join("\n",
                "x=$(echo hello | tr a-z A-Z); echo \"$x $(echo a b c | wc -w)\"",
                "(cd /; echo \"in $PWD\"; exit 3); echo \"subshell: $?\"",
                "sleep 0.2 & p=$!; (exit 4) & q=$!; wait $p; echo \"bg: $?\"; wait $q; echo \"q: $?\"",
                "for i in 1 2 3; do echo $i; done | sort -r | paste -sd,",
                "false | true; echo \"pipe: $? ${PIPESTATUS[*]}\"",
                "sleep 10 & kill -TERM $!; wait $!; echo \"killed: $?\"", "");
        Invocation inv = Invocation.of(TestPaths.hostTool("/bin/bash", "bash"), "-c", script).arch("x86_64")
                .env("PATH", "/usr/bin:/bin").timeout(Duration.ofSeconds(120));
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("HELLO 3\nin /\nsubshell: 3\nbg: 0\nq: 4\n3,2,1\npipe: 0 1 0\nkilled: 143\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /** python3's subprocess.run with captured output: fork or vfork, exec, pipes, wait. */
    @Test
    @Tag("slow")
    void python3_subprocessRun() {
        Invocation inv = Invocation.of(TestPaths.hostTool("/usr/bin/python3", "python3"), "-c",
                "import subprocess; r = subprocess.run(['/bin/echo', 'hi'], capture_output=True);"
                        + " print(r.returncode, r.stdout)").arch("x86_64").timeout(Duration.ofSeconds(300));
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("0 b'hi\\n'\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /**
     * multiprocessing with the fork and spawn start methods: Pool(4), processes adding to a
     * shared Value under a Lock (POSIX semaphores in /dev/shm, memory shared by mmap of a
     * /dev/shm file), an Array and a Queue (pipes and a feeder thread).
     */
    @Test
    @Tag("slow")
    void python3_multiprocessing(@TempDir Path tmp) throws IOException {
        String script = String.join("\n",
                "import multiprocessing as mp",
                "def square(x):",
                "    return x * x",
                "def add(v, lock, a, n):",
                "    for _ in range(n):",
                "        with lock:",
                "            v.value += 1",
                "    with a.get_lock():",
                "        a[0] += 1",
                "def produce(q):",
                "    for i in range(5):",
                "        q.put(i)",
                "    q.put(None)",
                "if __name__ == '__main__':",
                "    with mp.Pool(4) as p:",
                "        print(p.map(square, range(20)))",
                "    v, lock, a = mp.Value('i', 0), mp.Lock(), mp.Array('i', 1, lock=True)",
                "    ps = [mp.Process(target=add, args=(v, lock, a, 300)) for _ in range(3)]",
                "    [p.start() for p in ps]",
                "    [p.join() for p in ps]",
                "    print('value', v.value, 'array', a[:])",
                "    q = mp.Queue()",
                "    p = mp.Process(target=produce, args=(q,))",
                "    p.start()",
                "    print('queue', list(iter(q.get, None)))",
                "    p.join()",
                "    with mp.get_context('spawn').Pool(2) as pool:",
                "        print('spawn', pool.map(square, range(6)))", "");
        // A file, not -c: the spawn start method imports the main module anew in each worker.
        Path file = Files.writeString(tmp.resolve("mp.py"), script);
        Invocation inv = Invocation.of(TestPaths.hostTool("/usr/bin/python3", "python3"), file.toString())
                .arch("x86_64").timeout(Duration.ofSeconds(300));
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225, 256, 289, 324, 361]\n"
                + "value 900 array [3]\nqueue [0, 1, 2, 3, 4]\nspawn [0, 1, 4, 9, 16, 25]\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /** python3's fcntl.flock and fcntl.lockf (flock(2) and F_SETLK), with a forked child. */
    @Test
    @Tag("slow")
    void python3_flockAndLockf(@TempDir Path tmp) {
        String script = String.join("\n",
                "import fcntl, os, sys",
                "path = sys.argv[1]",
                "f = open(path, 'w+')",
                "fcntl.flock(f, fcntl.LOCK_EX)",
                "g = open(path, 'r')",
                "try:",
                "    fcntl.flock(g, fcntl.LOCK_SH | fcntl.LOCK_NB)",
                "    print('flock: granted')",
                "except BlockingIOError as e:",
                "    print('flock: busy', e.errno)",
                "fcntl.flock(f, fcntl.LOCK_UN)",
                "fcntl.flock(g, fcntl.LOCK_SH | fcntl.LOCK_NB)",
                "print('flock: granted after unlock')",
                "fcntl.lockf(f, fcntl.LOCK_EX, 10, 0)",
                "sys.stdout.flush()",
                "pid = os.fork()",
                "if pid == 0:",
                "    h = open(path, 'r+')",
                "    try:",
                "        fcntl.lockf(h, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 5)",
                "        print('child: lockf granted')",
                "    except OSError as e:",
                "        print('child: lockf busy', e.errno)",
                "    fcntl.lockf(h, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 20)",
                "    print('child: lockf past the range granted')",
                "    sys.stdout.flush()",
                "    os._exit(0)",
                "os.waitpid(pid, 0)",
                "print('done')", "");
        Invocation inv = Invocation.of(TestPaths.hostTool("/usr/bin/python3", "python3"), "-c", script,
                tmp.resolve("lockfile").toString()).arch("x86_64").timeout(Duration.ofSeconds(300));
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("flock: busy 11\nflock: granted after unlock\nchild: lockf busy 11\n"
                + "child: lockf past the range granted\ndone\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }
}
