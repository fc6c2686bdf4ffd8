package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatModeTest {
    @Test
    void toDirentType_everyFileType() {
        assertEquals(StatMode.DT_REG, StatMode.toDirentType(StatMode.S_IFREG | 0644));
        assertEquals(StatMode.DT_DIR, StatMode.toDirentType(StatMode.S_IFDIR | 0755));
        assertEquals(StatMode.DT_LNK, StatMode.toDirentType(StatMode.S_IFLNK | 0777));
        assertEquals(StatMode.DT_CHR, StatMode.toDirentType(StatMode.S_IFCHR));
        assertEquals(StatMode.DT_BLK, StatMode.toDirentType(StatMode.S_IFBLK));
        assertEquals(StatMode.DT_FIFO, StatMode.toDirentType(StatMode.S_IFIFO));
        assertEquals(StatMode.DT_SOCK, StatMode.toDirentType(StatMode.S_IFSOCK));
        assertEquals(StatMode.DT_UNKNOWN, StatMode.toDirentType(0644));
    }

    @Test
    void fromDirentType_invertsToDirentType() {
        for (int type : new int[] {StatMode.S_IFREG, StatMode.S_IFDIR, StatMode.S_IFLNK, StatMode.S_IFSOCK}) {
            assertEquals(type, StatMode.fromDirentType(StatMode.toDirentType(type)));
        }
    }
}
