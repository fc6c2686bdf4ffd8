package dev.zlx.abi;

import static dev.zlx.abi.LittleEndian.getU16;
import static dev.zlx.abi.LittleEndian.getU32;
import static dev.zlx.abi.LittleEndian.getU64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fixed-layout structs that are the same on x86-64 and aarch64. Expected sizes and offsets
 * are those that src/test/c/abi_facts.c printed for both arches (gcc natively, and
 * aarch64-linux-gnu-gcc -static under qemu-aarch64); each test also re-checks them against that output.
 */
class SmallStructsTest {
    @ParameterizedTest
    @EnumSource(Arch.class)
    void timespec(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("timespec"), Timespec.SIZE);
        assertEquals(f.offset("timespec.tv_nsec"), 8);
        byte[] b = new Timespec(0x0102030405060708L, 999_999_999L).encode();
        assertEquals(0x0102030405060708L, getU64(b, 0));
        assertEquals(999_999_999L, getU64(b, 8));
        assertEquals(new Timespec(0x0102030405060708L, 999_999_999L), Timespec.read(b, 0));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void timeval(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("timeval"), Timeval.SIZE);
        assertEquals(f.offset("timeval.tv_usec"), 8);
        byte[] b = new Timeval(-5L, 123_456L).encode();
        assertEquals(-5L, getU64(b, 0));
        assertEquals(123_456L, getU64(b, 8));
        assertEquals(new Timeval(-5L, 123_456L), Timeval.read(b, 0));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void rlimit(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("rlimit"), Rlimit.SIZE);
        assertEquals(f.offset("rlimit.rlim_max"), 8);
        byte[] b = new Rlimit(1024, Resource.RLIM_INFINITY).encode();
        assertEquals(1024, getU64(b, 0));
        assertEquals(-1L, getU64(b, 8));
        assertEquals(new Rlimit(1024, Resource.RLIM_INFINITY), Rlimit.read(b, 0));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void iovec(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("iovec"), Iovec.SIZE);
        assertEquals(f.offset("iovec.iov_len"), 8);
        byte[] b = new byte[32];
        new Iovec(0x7fff0000L, 10).write(b, 0);
        new Iovec(0x7fff1000L, 20).write(b, 16);
        assertEquals(0x7fff1000L, getU64(b, 16));
        assertEquals(20, getU64(b, 24));
        assertEquals(List.of(new Iovec(0x7fff0000L, 10), new Iovec(0x7fff1000L, 20)), Iovec.readArray(b, 2));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void winsize(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("winsize"), Winsize.SIZE);
        assertEquals(f.offset("winsize.ws_col"), 2);
        assertEquals(f.offset("winsize.ws_xpixel"), 4);
        assertEquals(f.offset("winsize.ws_ypixel"), 6);
        byte[] b = new Winsize(24, 80, 0xabcd, 0x1234).encode();
        assertEquals(24, getU16(b, 0));
        assertEquals(80, getU16(b, 2));
        assertEquals(0xabcd, getU16(b, 4));
        assertEquals(0x1234, getU16(b, 6));
        assertEquals(new Winsize(24, 80, 0xabcd, 0x1234), Winsize.read(b, 0));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void termios(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("termios"), Termios.SIZE);
        assertEquals(f.constant("NCCS"), Termios.NCCS);
        assertEquals(f.offset("termios.c_oflag"), 4);
        assertEquals(f.offset("termios.c_cflag"), 8);
        assertEquals(f.offset("termios.c_lflag"), 12);
        assertEquals(f.offset("termios.c_line"), 16);
        assertEquals(f.offset("termios.c_cc"), 17);
        byte[] cc = new byte[19];
        for (int i = 0; i < cc.length; i++) {
            cc[i] = (byte) (0x40 + i);
        }
        Termios t = new Termios(0x11111101, 0x22222202, 0x33333303, 0x44444404, 0x55, cc);
        byte[] b = t.encode();
        assertEquals(0x11111101, getU32(b, 0));
        assertEquals(0x22222202, getU32(b, 4));
        assertEquals(0x33333303, getU32(b, 8));
        assertEquals(0x44444404, getU32(b, 12));
        assertEquals(0x55, b[16]);
        assertArrayEquals(cc, Arrays.copyOfRange(b, 17, 36));
        assertEquals(t, Termios.read(b, 0));
        assertThrows(IllegalArgumentException.class, () -> new Termios(0, 0, 0, 0, 0, new byte[32]));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void kernelSigaction(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("sigaction"), KernelSigaction.SIZE);
        assertEquals(f.offset("sigaction.sa_handler"), 0);
        assertEquals(f.offset("sigaction.sa_flags"), 8);
        assertEquals(f.offset("sigaction.sa_restorer"), 16);
        assertEquals(f.offset("sigaction.sa_mask"), 24);
        KernelSigaction sa = new KernelSigaction(0x401000L, Signals.SA_SIGINFO | Signals.SA_RESTORER, 0x402000L,
                Signals.maskBit(Signals.SIGINT) | Signals.maskBit(64));
        byte[] b = sa.encode();
        assertEquals(0x401000L, getU64(b, 0));
        assertEquals(0x04000004L, getU64(b, 8));
        assertEquals(0x402000L, getU64(b, 16));
        assertEquals(0x8000000000000002L, getU64(b, 24));
        assertEquals(sa, KernelSigaction.read(b, 0));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void sysinfo(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("sysinfo"), Sysinfo.SIZE);
        String[] fields = {"uptime", "loads", "totalram", "freeram", "sharedram", "bufferram", "totalswap", "freeswap",
            "procs", "totalhigh", "freehigh", "mem_unit"};
        int[] offsets = {0, 8, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104};
        for (int i = 0; i < fields.length; i++) {
            assertEquals(f.offset("sysinfo." + fields[i]), offsets[i], fields[i]);
        }
        byte[] b = new Sysinfo(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xbeef, 12, 13, 14).encode();
        long[] u64At = {0, 8, 16, 24, 32, 40, 48, 56, 64, 72};
        for (int i = 0; i < u64At.length; i++) {
            assertEquals(i + 1, getU64(b, (int) u64At[i]), "at " + u64At[i]);
        }
        assertEquals(0xbeef, getU16(b, 80));
        assertEquals(0, getU16(b, 82));
        assertEquals(12, getU64(b, 88));
        assertEquals(13, getU64(b, 96));
        assertEquals(14, getU32(b, 104));
        assertEquals(0, getU32(b, 108));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void utsname(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("new_utsname"), Utsname.SIZE);
        String[] fields = {"sysname", "nodename", "release", "version", "machine", "domainname"};
        for (int i = 0; i < fields.length; i++) {
            assertEquals(f.offset("new_utsname." + fields[i]), i * Utsname.LENGTH, fields[i]);
        }
        String longName = "n".repeat(100);
        byte[] b = new Utsname("Linux", longName, "6.1.0", "#1 SMP", arch.unameMachine(), "(none)").encode();
        assertEquals("Linux", cString(b, 0));
        assertEquals("n".repeat(64), cString(b, 65));
        assertEquals(0, b[65 + 64]);
        assertEquals("6.1.0", cString(b, 130));
        assertEquals("#1 SMP", cString(b, 195));
        assertEquals(arch.unameMachine(), cString(b, 260));
        assertEquals("(none)", cString(b, 325));
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
