package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import org.junit.jupiter.api.Test;

/** fs.file-max's count: a description counts once, until its last reference goes; root passes the limit. */
class OpenFilesTest {
    private static OpenFile description() {
        return new OpenFile(0) {
            @Override
            public Inode inode() {
                return null;
            }
        };
    }

    @Test
    void countedOnce_untilTheLastClose_ENFILEAtTheLimitUnlessPrivileged() {
        OpenFiles files = new OpenFiles();
        OpenFile a = description();
        files.admit(a, 1, false);
        a.retain();
        files.admit(a, 1, false); // dup: the same description
        assertEquals(1, files.count());
        OpenFile b = description();
        LinuxException e = assertThrows(LinuxException.class, () -> files.admit(b, 1, false));
        assertEquals(Errno.ENFILE, e.errno());
        files.admit(b, 1, true);
        assertEquals(2, files.count());
        a.close();
        assertEquals(2, files.count());
        a.close();
        b.close();
        assertEquals(0, files.count());
    }
}
