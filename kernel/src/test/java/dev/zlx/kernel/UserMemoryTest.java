package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.cpu.GuestMemoryFault;
import dev.zlx.kernel.testing.FakeAddressSpace;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserMemoryTest {
    private static final long P = 4096;
    private static final long BASE = 0x10_0000;
    private final FakeAddressSpace mem = new FakeAddressSpace(Arch.X86_64);

    @BeforeEach
    void mapThreePagesThenAHole() {
        mem.map(BASE, 3 * P, 3);
    }

    private void putString(long addr, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        mem.poke(addr, java.util.Arrays.copyOf(b, b.length + 1));
    }

    @Test
    void readCString_acrossAPageBoundary() {
        long addr = BASE + P - 3;
        putString(addr, "abcdef");
        assertArrayEquals("abcdef".getBytes(), UserMemory.readCString(mem, addr, 100));
    }

    @Test
    void readCString_endingJustBeforeAnUnmappedPage_doesNotTouchIt() {
        long addr = BASE + 3 * P - 4;
        putString(addr, "xyz");
        assertArrayEquals("xyz".getBytes(), UserMemory.readCString(mem, addr, 4096));
    }

    @Test
    void readCString_runningIntoAnUnmappedPage_faults() {
        long addr = BASE + 3 * P - 4;
        mem.poke(addr, "wxyz".getBytes());
        assertThrows(GuestMemoryFault.class, () -> UserMemory.readCString(mem, addr, 4096));
    }

    @Test
    void readCString_noNulWithinMax_null() {
        putString(BASE, "0123456789");
        assertNull(UserMemory.readCString(mem, BASE, 10), "10 bytes and the NUL do not fit in 10");
        assertArrayEquals("0123456789".getBytes(), UserMemory.readCString(mem, BASE, 11));
    }

    @Test
    void readCString_stopsAtMaxBeforeAnUnmappedPage() {
        long addr = BASE + 3 * P - 8;
        mem.poke(addr, "abcdefgh".getBytes());
        assertNull(UserMemory.readCString(mem, addr, 8));
    }

    /** A path of exactly PATH_MAX bytes leaves no room for the NUL, wherever it starts. */
    @ParameterizedTest
    @ValueSource(longs = {0, 100, 4095})
    void readPath_ofPathMaxBytes_ENAMETOOLONG(long offset) {
        putString(BASE + offset, "a".repeat(UserMemory.PATH_MAX));
        LinuxException e = assertThrows(LinuxException.class, () -> UserMemory.readPath(mem, BASE + offset));
        assertEquals(Errno.ENAMETOOLONG, e.errno());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 100, 4095})
    void readPath_ofPathMaxMinusOneBytes_isRead(long offset) {
        String path = "/" + "b".repeat(UserMemory.PATH_MAX - 2);
        putString(BASE + offset, path);
        assertEquals(path, UserMemory.readPath(mem, BASE + offset));
    }

    @Test
    void readPath_null_EFAULT() {
        assertEquals(Errno.EFAULT, assertThrows(LinuxException.class, () -> UserMemory.readPath(mem, 0)).errno());
    }

    @Test
    void readPath_utf8() {
        putString(BASE, "/tmp/caf\u00e9");
        assertEquals("/tmp/caf\u00e9", UserMemory.readPath(mem, BASE));
    }

    @Test
    void readStringArray_readsUntilTheNullPointer() {
        long strings = BASE + P;
        putString(strings, "ls");
        putString(strings + 16, "-l");
        putString(strings + 32, "");
        long array = BASE;
        mem.writeLong(array, strings);
        mem.writeLong(array + 8, strings + 16);
        mem.writeLong(array + 16, strings + 32);
        mem.writeLong(array + 24, 0);
        assertEquals(List.of("ls", "-l", ""), UserMemory.readStringArray(mem, array));
    }

    @Test
    void readStringArray_nullArray_isEmpty() {
        assertEquals(List.of(), UserMemory.readStringArray(mem, 0));
    }

    @Test
    void readStringArray_badElementPointer_faults() {
        mem.writeLong(BASE, 0xdead_0000L);
        assertThrows(GuestMemoryFault.class, () -> UserMemory.readStringArray(mem, BASE));
    }

    @Test
    void write_intoReadOnlyMemory_faultsAndChangesNothing() {
        mem.protect(BASE + P, P, 1);
        assertThrows(GuestMemoryFault.class, () -> UserMemory.write(mem, BASE + P - 2, new byte[] {1, 2, 3, 4}));
        assertArrayEquals(new byte[2], mem.peek(BASE + P - 2, 2));
    }
}
