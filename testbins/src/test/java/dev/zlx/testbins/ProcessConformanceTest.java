package dev.zlx.testbins;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Processes: fork, vfork, posix_spawn, execve, wait4 with zombies and reparenting, pipes and
 * dup2, with the programs forktree, orphan, vforkexec and pipeline of src/main/c, for every
 * build target under its reference and under zlx. Each program prints no pids, only
 * deterministic lines, and the reference's output is checked against the exact expected text
 * first.
 *
 * <p>qemu-aarch64 cannot be the reference for programs that execve an aarch64 binary: without
 * binfmt_misc the host kernel refuses it (ENOEXEC). Their output does not depend on the
 * architecture, so for aarch64 the reference is the same program built for x86-64 glibc, run
 * natively with the x86-64 counterparts of its arguments.
 */
class ProcessConformanceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final String FORKTREE = """
            WNOHANG on blocked child: 0
            waitpid(child 0): its pid
            child 0: WIFEXITED=1 WEXITSTATUS=3 WIFSIGNALED=0
            waitpid(child 1): its pid
            child 1: WIFEXITED=1 WEXITSTATUS=5 WIFSIGNALED=0
            waitpid(child 2): its pid
            child 2: WIFEXITED=1 WEXITSTATUS=7 WIFSIGNALED=0
            waitpid(-1) twice: children 3 and 4
            child 3: WIFEXITED=0 WIFSIGNALED=1 WTERMSIG=11
            child 4: WIFEXITED=0 WIFSIGNALED=1 WTERMSIG=6
            waitpid(-1) after all: -1 ECHILD
            waitpid(reaped child, WNOHANG): -1 ECHILD
            """;

    private static final String ORPHAN = """
            parent: child reaped, WIFEXITED=1 WEXITSTATUS=9
            parent: grandchild wrote "reparented" before the pipe's EOF
            parent: waitpid(-1) -1 ECHILD (the grandchild is not its child)
            """;

    private static final String VFORKEXEC = """
            hello, world
            vfork+execve hello: waitpid ok, WIFEXITED=1 WEXITSTATUS=0
            vfork+execve missing: waitpid ok, WIFEXITED=1 WEXITSTATUS=127
            hello, world
            posix_spawn hello: waitpid ok, WIFEXITED=1 WEXITSTATUS=0
            posix_spawn: OK
            vfork child storing: waitpid ok, WIFEXITED=1 WEXITSTATUS=0
            vfork child's store seen by the parent: 42
            posix_spawn missing: ENOENT
            wait after all: -1 ECHILD
            """;

    private static final String PIPELINE = """
            wc -l output: [10]
            wc -l: waitpid ok, WIFEXITED=1 WEXITSTATUS=0
            seq | tail output: [1000]
            seq: waitpid ok, WIFEXITED=1 WEXITSTATUS=0
            tail: waitpid ok, WIFEXITED=1 WEXITSTATUS=0
            wait after all: -1 ECHILD
            """;

    /** Runs a program that only forks under the target's reference and zlx. */
    private static void conforms(Target target, String program, String expected) {
        Invocation inv = Invocation.of(target, program).timeout(TIMEOUT);
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.exitStatus(0, ref);
        Compare.stdout(expected, ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    /**
     * Runs a program that execs: the reference is the native run of the x86-64 glibc build for
     * aarch64 (see the class comment); {@code args} maps a target to the program's arguments.
     */
    private static void conformsExec(Target target, String program, String expected,
            java.util.function.Function<Target, String[]> args) {
        Target refTarget = target.runsNatively() ? target : Target.X86_64_GLIBC;
        Outcome ref = GuestRunner.NATIVE.run(
                Invocation.of(refTarget, program, args.apply(refTarget)).timeout(TIMEOUT));
        Compare.exitStatus(0, ref);
        Compare.stdout(expected, ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(
                Invocation.of(target, program, args.apply(target)).timeout(TIMEOUT)));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void forktree_exitStatusesSignalsWnohangEchild(Target target) {
        conforms(target, "forktree", FORKTREE);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void sharedMemory_acrossForkAndCoherentWithTheFile(Target target) {
        conforms(target, "shared_memory", """
                anonymous MAP_SHARED after the child's store: 42, MAP_PRIVATE: 1
                after mremap to 2 pages: 42
                ftruncate: OK
                read() sees the store: [via mapping]
                the mapping sees write(): [VIA mapping]
                another mapping of the file: child exit 0, now [vIA mapping]
                process-shared semaphore: child [woken]
                named semaphore: 3 posts from 3 children taken, value now 0
                sem_unlink: OK
                two processes x 20000 increments under a shared mutex: 40000
                """);
    }

    /** execveat with AT_EMPTY_PATH: by descriptor, O_PATH, memfd, scripts as /dev/fd/N. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void fexecve_runsTheFileADescriptorIsOpenOn(Target target) {
        String hello = target.binary("hello").toString();
        String args = target.binary("args").toString();
        GuestRunner.matchesLinux(target, Invocation.of(target, "fexecve", hello, args).timeout(TIMEOUT), String.join("\n",
                "hello, world",
                "by descriptor: exit 0",
                "empty path without AT_EMPTY_PATH: execveat failed: ENOENT",
                "empty path without AT_EMPTY_PATH: exit 99",
                "hello, world",
                "O_PATH descriptor: exit 0",
                "a directory: execveat failed: EACCES",
                "a directory: exit 99",
                "hello, world",
                "memfd: exit 0",
                "memfd without x: execveat failed: EACCES",
                "memfd without x: exit 99",
                "argc=2",
                "argv[0]=" + args,
                "argv[1]=/dev/fd/3",
                "envc=0",
                "script through a descriptor: exit 0 (its path was to be /dev/fd/3)",
                "script through a close-on-exec descriptor: execveat failed: ENOENT",
                "script through a close-on-exec descriptor: exit 99", ""));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void orphan_grandchildIsReparented(Target target) {
        conforms(target, "orphan", ORPHAN);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void vforkexec_vforkExecveAndPosixSpawn(Target target) {
        conformsExec(target, "vforkexec", VFORKEXEC, t -> new String[] {t.binary("hello").toString()});
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void cloneFlags_sharedMemoryFilesFsHandlersAndParent(Target target) {
        String expected = """
                CLONE_VM: exit 0, the child's store is seen: 42
                CLONE_FILES: exit 0, the child's dup2 is seen: 1
                without CLONE_FILES: exit 0, the child's dup2 is seen: 0
                CLONE_FS: exit 0, cwd now /dev
                CLONE_SIGHAND: exit 0, the child's handler is ours: 1
                without CLONE_SIGHAND: exit 0, the child's handler is ours: 0
                CLONE_PARENT: the child's parent is ours: 1
                CLONE_PARENT: we cannot wait for it: -1 ECHILD
                """;
        // qemu-aarch64 hangs on clone(CLONE_VM) without CLONE_VFORK.
        GuestRunner.matchesLinux(target, Invocation.of(target, "clone_flags"), expected);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void pipeline_pipesDup2AndExecOfBusybox(Target target) {
        conformsExec(target, "pipeline", PIPELINE, t -> new String[] {TestPaths.busybox(t.arch()).toString()});
    }
}
