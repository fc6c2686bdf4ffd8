package dev.zlx.testbins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a guest does to itself must end the way Linux ends it, never disturb zlx: threads
 * exiting while others wait, processes killed inside syscalls, handlers corrupting their
 * ucontext, fork of 1 GiB, and the alternate signal stack's rules including what rt_sigreturn
 * restores.
 */
class RobustnessConformanceTest {

    @ParameterizedTest
    @EnumSource(Target.class)
    void guestActions_endAsOnLinux(Target target) {
        Invocation inv = Invocation.of(target, "robustness");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.stdout("""
                exit while 3 threads wait in futex: exited 7
                one thread exits, a waiter is woken later: exited 8
                SIGKILL while blocked in read, nanosleep, futex and pause: killed by signal 9
                handler sets the PC to 0x10: killed by signal 11
                handler scribbles over its ucontext: killed by signal 11
                fork of a 1 GiB process, child checks every 64th page: exited 9
                parent's pages unchanged by the child: 1
                """, ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    private static final String ALTSTACK = """
            initially: flags=0x2 size=0
            too small: ENOMEM
            bad flags: EINVAL
            plain: handler on alt=1 flags in handler=0x1 change there: EPERM
            plain, after: flags=0x0 size_ok=1
            autodisarm: handler on alt=1 flags in handler=0x2 change there: allowed
            autodisarm, after (armed again by sigreturn): flags=0x80000000 size_ok=1
            handler disabled it through uc_stack: flags=0x0 size_ok=1
            """;

    @ParameterizedTest
    @EnumSource(Target.class)
    void sigaltstack_rulesAndRestoreBySigreturn(Target target) {
        // qemu-aarch64 has no SS_AUTODISARM; the rules are generic kernel code.
        GuestRunner.matchesLinux(target, Invocation.of(target, "altstack"), ALTSTACK);
    }
}
