package dev.zlx.testbins;

import org.junit.jupiter.api.Test;

/** Proves the Makefile's output runs on the host, independently of zlx. */
class BuildSmokeTest {

    @Test
    void hello_x86_64_glibc_runsNatively() {
        Outcome o = GuestRunner.NATIVE.run(Invocation.of(Target.X86_64_GLIBC, "hello"));
        Compare.exitStatus(0, o);
        Compare.stdout("hello, world\n", o);
    }

    @Test
    void hello_aarch64_glibc_runsUnderQemu() {
        Outcome o = GuestRunner.QEMU_AARCH64.run(Invocation.of(Target.AARCH64_GLIBC, "hello"));
        Compare.exitStatus(0, o);
        Compare.stdout("hello, world\n", o);
    }
}
