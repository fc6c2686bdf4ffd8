package dev.zlx.vfs.tmpfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import org.junit.jupiter.api.Test;

class TmpFsOptionsTest {
    private static final long MEMORY = 8L << 30;

    @Test
    void defaults_whenNoData() {
        assertEquals(new TmpFsOptions(0, 01777, 0, 0), TmpFsOptions.parse(null, MEMORY));
        assertEquals(new TmpFsOptions(0, 01777, 0, 0), TmpFsOptions.parse("", MEMORY));
    }

    @Test
    void sizesWithSuffixesAndPercent_modeUidGid() {
        assertEquals(64L << 10, TmpFsOptions.parse("size=64k", MEMORY).size());
        assertEquals(3L << 30, TmpFsOptions.parse("size=3G", MEMORY).size());
        assertEquals(MEMORY / 100 * 25, TmpFsOptions.parse("size=25%", MEMORY).size());
        assertEquals(10 * 4096, TmpFsOptions.parse("nr_blocks=10", MEMORY).size());
        assertEquals(new TmpFsOptions(4096, 0750, 1000, 100),
                TmpFsOptions.parse("size=4096,mode=0750,uid=1000,gid=100,nr_inodes=5,noswap", MEMORY));
    }

    @Test
    void badValuesAndUnknownOptions_areEINVAL() {
        for (String bad : new String[] {"size=abc", "size=", "size", "mode=9", "uid=-1", "colour=blue", "noswap=1",
            "nr_inodes", "size=99999999999999999999"}) {
            LinuxException e = assertThrows(LinuxException.class, () -> TmpFsOptions.parse(bad, MEMORY), bad);
            assertEquals(Errno.EINVAL, e.errno(), bad);
        }
    }
}
