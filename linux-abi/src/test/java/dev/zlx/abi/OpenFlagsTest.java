package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OpenFlagsTest {
    private final OpenFlags arm = OpenFlags.of(Arch.AARCH64);
    private final OpenFlags x86 = OpenFlags.of(Arch.X86_64);

    @Test
    void x86_64_isTheIdentity() {
        int flags = Fcntl.O_RDWR | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;
        assertEquals(flags, x86.toCanonical(flags));
        assertEquals(flags, x86.fromCanonical(flags));
    }

    @Test
    void aarch64_eachDifferingFlag_translates() {
        assertEquals(Fcntl.O_DIRECTORY, arm.toCanonical(040000));
        assertEquals(Fcntl.O_NOFOLLOW, arm.toCanonical(0100000));
        assertEquals(Fcntl.O_DIRECT, arm.toCanonical(0200000));
        assertEquals(Fcntl.O_LARGEFILE, arm.toCanonical(0400000));
        assertEquals(040000, arm.fromCanonical(Fcntl.O_DIRECTORY));
        assertEquals(0100000, arm.fromCanonical(Fcntl.O_NOFOLLOW));
        assertEquals(0200000, arm.fromCanonical(Fcntl.O_DIRECT));
        assertEquals(0400000, arm.fromCanonical(Fcntl.O_LARGEFILE));
    }

    @Test
    void aarch64_otherBits_passThrough_andRoundTrip() {
        int common = Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC | Fcntl.O_APPEND | Fcntl.O_CLOEXEC | Fcntl.O_PATH;
        assertEquals(common, arm.toCanonical(common));
        int guest = common | 040000 | 0400000;
        assertEquals(common | Fcntl.O_DIRECTORY | Fcntl.O_LARGEFILE, arm.toCanonical(guest));
        for (int bit = 0; bit < 32; bit++) {
            assertEquals(1 << bit, arm.fromCanonical(arm.toCanonical(1 << bit)), "bit " + bit);
        }
        assertEquals(Fcntl.O_TMPFILE, arm.toCanonical(arm.oTmpfile()));
    }
}
