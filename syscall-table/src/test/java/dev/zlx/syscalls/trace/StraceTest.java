package dev.zlx.syscalls.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Mman;
import dev.zlx.abi.OpenFlags;
import dev.zlx.kernel.testing.FakeAddressSpace;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.Syscall;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.syscalls.Syscalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expected lines are real strace(1) output (strace 6.x, default -s 32, column 40). */
class StraceTest {
    private static final long MEM = 0x10000;
    private static final SyscallRegistry REGISTRY = Syscalls.registry(new CompatReport());

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Strace strace = new Strace(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    private FakeAddressSpace mem;
    private long next = MEM;

    @BeforeEach
    void setUp() {
        mem = new FakeAddressSpace(Arch.X86_64);
        mem.map(MEM, 4 * 4096, 3);
    }

    private long put(String s, boolean nul) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long addr = next;
        mem.poke(addr, nul ? java.util.Arrays.copyOf(b, b.length + 1) : b);
        next += b.length + 1 + 15 & -16;
        return addr;
    }

    /** Traces one call of the named row as the dispatcher does and returns the printed line. */
    private String trace(Arch arch, String name, long result, long... args) {
        Syscall row = REGISTRY.get(name);
        long[] all = java.util.Arrays.copyOf(args, 6);
        String[] shown = strace.enter(arch, mem, row.args(), all);
        strace.exit(1, name, arch, mem, row.args(), all, shown, result, false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return out.stripTrailing();
    }

    /** A line as strace aligns it: the call, spaces up to column 40, then "= result". */
    private static String aligned(String call, String result) {
        return String.format("%-40s= %s", call, result);
    }

    private String trace(String name, long result, long... args) {
        return trace(Arch.X86_64, name, result, args);
    }

    @Test
    void openat_readOnlyCloexec_omitsTheMode() {
        long path = put("/etc/passwd", true);
        assertEquals("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3",
                trace("openat", 3, Fcntl.AT_FDCWD, path, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0));
    }

    @Test
    void openat_creating_showsTheModeInOctal() {
        long path = put("/dev/null", true);
        assertEquals("openat(AT_FDCWD, \"/dev/null\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3",
                trace("openat", 3, Fcntl.AT_FDCWD, path, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC, 0666));
    }

    @Test
    void openat_aarch64Flags_areNamedAfterTranslation() {
        long path = put("/tmp", true);
        int guestFlags = OpenFlags.of(Arch.AARCH64).fromCanonical(Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
        assertEquals("openat(AT_FDCWD, \"/tmp\", O_RDONLY|O_DIRECTORY) = 3",
                trace(Arch.AARCH64, "openat", 3, Fcntl.AT_FDCWD, path, guestFlags, 0));
    }

    @Test
    void openat_error_showsMinusOneTheErrnoNameAndItsText() {
        long path = put("/nonexistent", true);
        assertEquals("openat(AT_FDCWD, \"/nonexistent\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                trace("openat", Errno.ENOENT.asSyscallResult(), Fcntl.AT_FDCWD, path, 0, 0));
    }

    @Test
    void interruptedCalls_showTheKernelsRestartCodes() {
        assertEquals(aligned("pause()", "? ERESTARTNOHAND (To be restarted if no handler)"),
                trace("pause", -Errno.ERESTARTNOHAND));
        assertEquals(aligned("read(0, 0x7000, 1)", "? ERESTARTSYS (To be restarted if SA_RESTART is set)"),
                trace("read", -Errno.ERESTARTSYS, 0, 0x7000, 1));
        assertEquals(aligned("restart_syscall()", "? ERESTART_RESTARTBLOCK (Interrupted by signal)"),
                trace("restart_syscall", -Errno.ERESTART_RESTARTBLOCK));
    }

    @Test
    void write_shortLine_isPaddedToColumn40() {
        long buf = put("hi\n", false);
        assertEquals("write(1, \"hi\\n\", 3)                     = 3", trace("write", 3, 1, buf, 3));
    }

    @Test
    void write_bufferLongerThan32Bytes_isCutWithDots() {
        long buf = put("a".repeat(40), false);
        assertEquals("write(1, \"" + "a".repeat(32) + "\"..., 40) = 40", trace("write", 40, 1, buf, 40));
    }

    @Test
    void write_exactly32Bytes_hasNoDots() {
        long buf = put("b".repeat(32), false);
        assertEquals("write(1, \"" + "b".repeat(32) + "\", 32) = 32", trace("write", 32, 1, buf, 32));
    }

    @Test
    void write_nonPrintableBytes_areEscaped() {
        long buf = put("\t\"\\\u0001", false);
        assertEquals(aligned("write(2, \"\\t\\\"\\\\\\1\", 4)", "4"), trace("write", 4, 2, buf, 4));
    }

    @Test
    void read_bufferShownAfterTheCallWithTheBytesRead() {
        long buf = put("abcdef", false);
        assertEquals(aligned("read(3, \"abc\", 100)", "3"), trace("read", 3, 3, buf, 100));
    }

    @Test
    void read_failed_showsTheBufferAddress() {
        assertEquals(aligned("read(9, 0x10000, 100)", "-1 EBADF (Bad file descriptor)"),
                trace("read", Errno.EBADF.asSyscallResult(), 9, MEM, 100));
    }

    @Test
    void mmap_resultInHexAndZeroOffsetAsZero() {
        assertEquals("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f4937e79000",
                trace("mmap", 0x7f4937e79000L, 0, 8192, Mman.PROT_READ | Mman.PROT_WRITE,
                        Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0));
    }

    @Test
    void mmap_fileOffsetInHex() {
        assertEquals("mmap(0x7f0000000000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, "
                + "0x28000) = 0x7f0000000000",
                trace("mmap", 0x7f0000000000L, 0x7f0000000000L, 4096, Mman.PROT_READ | Mman.PROT_EXEC,
                        Mman.MAP_PRIVATE | Mman.MAP_FIXED | Mman.MAP_DENYWRITE, 3, 0x28000));
    }

    @Test
    void brk_resultInHex() {
        assertEquals(aligned("brk(NULL)", "0x55d6c1f5a000"), trace("brk", 0x55d6c1f5a000L, 0));
    }

    @Test
    void path_unreadable_showsTheAddress() {
        assertEquals(aligned("openat(AT_FDCWD, 0xdead0000, O_RDONLY)", "-1 EFAULT (Bad address)"),
                trace("openat", Errno.EFAULT.asSyscallResult(), Fcntl.AT_FDCWD, 0xdead0000L, 0, 0));
    }

    @Test
    void noReturn_showsAQuestionMark() {
        Syscall row = REGISTRY.get("exit_group");
        long[] args = {0, 0, 0, 0, 0, 0};
        String[] shown = strace.enter(Arch.X86_64, mem, row.args(), args);
        strace.exit(1, "exit_group", Arch.X86_64, mem, row.args(), args, shown, 0, true);
        assertEquals(aligned("exit_group(0)", "?"), bytes.toString(StandardCharsets.UTF_8).stripTrailing());
    }

    @Test
    void processEnd_exitedAndKilled() {
        strace.processEnd(1, 0);
        strace.processEnd(0, 9);
        assertEquals("+++ exited with 1 +++\n+++ killed by SIGKILL +++\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
