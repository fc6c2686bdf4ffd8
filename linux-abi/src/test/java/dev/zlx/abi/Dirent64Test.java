package dev.zlx.abi;

import static dev.zlx.abi.LittleEndian.getU16;
import static dev.zlx.abi.LittleEndian.getU64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Offsets from src/test/c/abi_facts.c (glibc's struct dirent64, which mirrors linux_dirent64). */
class Dirent64Test {
    @ParameterizedTest
    @EnumSource(Arch.class)
    void offsets_matchTheCProgram(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.offset("dirent64.d_ino"), 0);
        assertEquals(f.offset("dirent64.d_off"), 8);
        assertEquals(f.offset("dirent64.d_reclen"), 16);
        assertEquals(f.offset("dirent64.d_type"), 18);
        assertEquals(f.offset("dirent64.d_name"), Dirent64.NAME_OFFSET);
    }

    @Test
    void recordLength_isPaddedTo8() {
        assertEquals(24, Dirent64.recordLength(1));   // 19 + 1 + NUL = 21 -> 24
        assertEquals(24, Dirent64.recordLength(4));   // 24 exactly
        assertEquals(32, Dirent64.recordLength(5));   // 25 -> 32
        assertEquals(280, Dirent64.recordLength(255));
    }

    @Test
    void append_writesTheEntryAndAdvances() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        assertTrue(Dirent64.append(buf, 0x1122334455667788L, 42, StatMode.DT_REG, bytes("hello")));
        assertEquals(32, buf.position());
        byte[] b = buf.array();
        assertEquals(0x1122334455667788L, getU64(b, 0));
        assertEquals(42, getU64(b, 8));
        assertEquals(32, getU16(b, 16));
        assertEquals(StatMode.DT_REG, b[18]);
        assertEquals("hello", new String(b, 19, 5, StandardCharsets.US_ASCII));
        for (int i = 24; i < 32; i++) {
            assertEquals(0, b[i], "NUL and padding at " + i);
        }
        assertTrue(Dirent64.append(buf, 2, 43, StatMode.DT_DIR, bytes("..")));
        assertEquals(56, buf.position());
        assertEquals(24, getU16(b, 32 + 16));
    }

    @Test
    void append_whenItDoesNotFit_leavesTheBufferAlone() {
        ByteBuffer buf = ByteBuffer.allocate(31);
        assertFalse(Dirent64.append(buf, 1, 1, StatMode.DT_REG, bytes("hello")));
        assertEquals(0, buf.position());
        assertTrue(Dirent64.append(buf, 1, 1, StatMode.DT_REG, bytes("a")));
        assertFalse(Dirent64.append(buf, 1, 1, StatMode.DT_REG, bytes("a")));
        assertEquals(24, buf.position());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
