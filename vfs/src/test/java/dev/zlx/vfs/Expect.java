package dev.zlx.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the errno a VFS call throws. */
public final class Expect {
    private Expect() {
    }

    /** Asserts that the call fails with exactly this errno. */
    public static void errno(Errno expected, Executable call) {
        LinuxException e = assertThrows(LinuxException.class, call);
        assertEquals(expected, e.errno());
    }
}
