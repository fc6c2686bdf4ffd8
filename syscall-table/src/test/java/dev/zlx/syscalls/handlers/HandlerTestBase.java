package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.OpenFlags;
import dev.zlx.kernel.GuestFixture;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.Dispatcher;
import dev.zlx.syscalls.Syscalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handler tests through the real dispatcher and tables, with a host directory as the root file
 * system and fake memory and CPU. Subclasses make syscalls by name with {@link #sys}.
 */
abstract class HandlerTestBase {
    @TempDir
    Path root;
    protected final CompatReport report = new CompatReport();
    protected final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    protected GuestFixture guest;
    protected Dispatcher dispatcher;

    /** The architecture of the guest (subclasses may test the other). */
    protected Arch arch() {
        return Arch.X86_64;
    }

    @BeforeEach
    void startGuest() {
        guest = GuestFixture.create(root, arch());
        dispatcher = new Dispatcher(Syscalls.registry(report), report, null,
                new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopGuest() {
        guest.close();
        assertEquals("", diagnostics.toString(StandardCharsets.UTF_8), "no internal errors");
    }

    protected long sys(String name, long... args) {
        return guest.syscall(dispatcher, name, args);
    }

    protected static long err(Errno e) {
        return e.asSyscallResult();
    }

    /** open flags in the guest's encoding. */
    protected int flags(int canonical) {
        return OpenFlags.of(arch()).fromCanonical(canonical);
    }

    /** openat(AT_FDCWD, path, flags, mode) with canonical flags. */
    protected long open(String path, int canonicalFlags, int mode) {
        return sys("openat", Fcntl.AT_FDCWD, guest.putString(path), flags(canonicalFlags), mode);
    }

    /** Opens a path that must open. */
    protected int openOk(String path, int canonicalFlags) {
        long fd = open(path, canonicalFlags, 0644);
        assertTrue(fd >= 0, "openat " + path + " = " + fd);
        return (int) fd;
    }

    protected String string(long addr, int length) {
        return new String(guest.read(addr, length), StandardCharsets.UTF_8);
    }
}
