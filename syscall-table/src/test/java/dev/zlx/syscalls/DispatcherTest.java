package dev.zlx.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.SyscallNumbers;
import dev.zlx.kernel.ExitStatus;
import dev.zlx.kernel.GuestFixture;
import dev.zlx.syscalls.trace.Strace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DispatcherTest {
    @TempDir
    Path root;
    private final CompatReport report = new CompatReport();
    private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    private GuestFixture guest;

    @AfterEach
    void tearDown() {
        if (guest != null) {
            guest.close();
        }
    }

    private Dispatcher dispatcher(SyscallRegistry registry, Strace strace) {
        return new Dispatcher(registry, report, strace, new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
    }

    private Dispatcher dispatcher(Arch arch) {
        guest = GuestFixture.create(root, arch);
        return dispatcher(Syscalls.registry(report), null);
    }

    /** A registry with one row, getpid, whose handler is the given one. */
    private Dispatcher dispatcherWithGetpid(Handler handler) {
        guest = GuestFixture.create(root, Arch.X86_64);
        SyscallRegistry r = new SyscallRegistry();
        r.full("getpid", handler);
        return dispatcher(r, null);
    }

    private static String unimplementedName(Arch arch, SyscallRegistry registry) {
        for (String name : SyscallNumbers.of(arch).names()) {
            if (registry.get(name) == null) {
                return name;
            }
        }
        throw new AssertionError("every syscall is implemented");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void implementedSyscall_resultInTheResultRegister(Arch arch) {
        Dispatcher d = dispatcher(arch);
        assertEquals(guest.process().pid(), guest.syscall(d, "getpid"));
        assertTrue(guest.lastResumed());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void unimplementedLinuxSyscall_ENOSYSAndCountedByName(Arch arch) {
        Dispatcher d = dispatcher(arch);
        String name = unimplementedName(arch, Syscalls.registry(new CompatReport()));
        assertEquals(Errno.ENOSYS.asSyscallResult(), guest.syscall(d, name));
        guest.syscall(d, name);
        assertEquals(Map.of(name, 2L), report.missingSyscalls());
        assertTrue(guest.lastResumed());
    }

    @Test
    void numberLinuxLacks_ENOSYSAndCountedAsNotALinuxSyscall() {
        Dispatcher d = dispatcher(Arch.X86_64);
        assertNull(d.table(Arch.X86_64).name(1000));
        assertEquals(Errno.ENOSYS.asSyscallResult(), guest.syscallNumber(d, 1000));
        assertEquals(Errno.ENOSYS.asSyscallResult(), guest.syscallNumber(d, -1));
        assertEquals(Map.of("#1000 (not a Linux syscall)", 1L, "#-1 (not a Linux syscall)", 1L),
                report.missingSyscalls());
    }

    @Test
    void handlerThrowsLinuxException_minusErrno() {
        Dispatcher d = dispatcherWithGetpid((t, a) -> {
            throw Errno.EACCES.exception();
        });
        assertEquals(-13, guest.syscall(d, "getpid"));
        assertTrue(guest.lastResumed());
    }

    @Test
    void handlerThrowsRestartNoIntr_withoutASignal_rewindsOntoTheSyscall() {
        Dispatcher d = dispatcherWithGetpid((t, a) -> {
            throw RestartNoIntr.INSTANCE;
        });
        guest.cpu().setPc(0x401002);
        long number = guest.number("getpid");
        assertEquals(number, guest.syscall(d, "getpid"), "rax holds the number again, not an error");
        assertEquals(0x401000, guest.cpu().pc(), "back on the syscall instruction");
        assertTrue(guest.lastResumed());
    }

    @Test
    void badGuestPointer_EFAULT() {
        Dispatcher d = dispatcher(Arch.X86_64);
        assertEquals(Errno.EFAULT.asSyscallResult(), guest.syscall(d, "uname", 0xdead_0000L));
        assertEquals(Errno.EFAULT.asSyscallResult(), guest.syscall(d, "uname", 0));
    }

    @Test
    void unexpectedRuntimeException_EIOAndADiagnosticLine() {
        Dispatcher d = dispatcherWithGetpid((t, a) -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(Errno.EIO.asSyscallResult(), guest.syscall(d, "getpid"));
        assertTrue(guest.lastResumed());
        String said = diagnostics.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("getpid") && said.contains("boom"), said);
    }

    @Test
    void stackOverflowInAHandler_EIO() {
        Dispatcher d = dispatcherWithGetpid((t, a) -> {
            throw new StackOverflowError();
        });
        assertEquals(Errno.EIO.asSyscallResult(), guest.syscall(d, "getpid"));
    }

    @Test
    void argumentsComeFromTheArchsRegisters() {
        guest = GuestFixture.create(root, Arch.AARCH64);
        SyscallRegistry r = new SyscallRegistry();
        r.full("getpid", (t, a) -> a.i64(0) * 100 + a.i64(5));
        Dispatcher d = dispatcher(r, null);
        assertEquals(0, guest.cpu().register("x8"));
        assertEquals(705, guest.syscall(d, "getpid", 7, 0, 0, 0, 0, 5));
        assertEquals(172, guest.cpu().register("x8"), "getpid is 172 on aarch64");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void exitGroup_leavesTheRunLoopWithTheStatus(Arch arch) {
        Dispatcher d = dispatcher(arch);
        guest.syscall(d, "exit_group", 42);
        assertFalse(guest.lastResumed());
        assertEquals(ExitStatus.exited(42), guest.process().exitStatus());
    }

    @Test
    void trace_printsEachCallAndNoReturnForExit() {
        guest = GuestFixture.create(root, Arch.X86_64);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Dispatcher d = dispatcher(Syscalls.registry(report), new Strace(new PrintStream(out, true, StandardCharsets.UTF_8)));
        long pid = guest.syscall(d, "getpid");
        guest.syscall(d, "close", 55);
        guest.syscall(d, "exit_group", 0);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(3, lines.length);
        assertEquals(String.format("%-40s= %d", "getpid()", pid), lines[0]);
        assertEquals(String.format("%-40s= -1 EBADF (Bad file descriptor)", "close(55)"), lines[1]);
        assertEquals(String.format("%-40s= ?", "exit_group(0)"), lines[2]);
    }

    @Test
    void table_isExposedPerArch() {
        Dispatcher d = dispatcher(Arch.X86_64);
        assertNotNull(d.table(Arch.AARCH64).row(172));
        assertEquals("getpid", d.table(Arch.AARCH64).row(172).name());
    }
}
