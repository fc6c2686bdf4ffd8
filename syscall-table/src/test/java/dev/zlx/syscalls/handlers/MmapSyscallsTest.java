package dev.zlx.syscalls.handlers;

import static dev.zlx.abi.Mman.MAP_ANONYMOUS;
import static dev.zlx.abi.Mman.MAP_FIXED;
import static dev.zlx.abi.Mman.MAP_FIXED_NOREPLACE;
import static dev.zlx.abi.Mman.MAP_PRIVATE;
import static dev.zlx.abi.Mman.MAP_SHARED;
import static dev.zlx.abi.Mman.MADV_DONTNEED;
import static dev.zlx.abi.Mman.PROT_READ;
import static dev.zlx.abi.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.kernel.GuestFixture;
import dev.zlx.kernel.testing.MmInvariants;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MmapSyscallsTest extends HandlerTestBase {
    private static final long P = 4096;
    private static final int RW = PROT_READ | PROT_WRITE;
    private static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;

    @AfterEach
    void vmasAgreeWithTheAddressSpace() {
        MmInvariants.check(guest.mm());
    }

    @Test
    void mmapAnonymous_topDownBelowTheMmapBase() {
        assertEquals(GuestFixture.MMAP_BASE - 2 * P, sys("mmap", 0, 2 * P, RW, ANON, -1, 0));
    }

    @Test
    void mmap_zeroLength_EINVAL() {
        assertEquals(err(Errno.EINVAL), sys("mmap", 0, 0, RW, ANON, -1, 0));
    }

    @Test
    void mmap_unalignedOffset_EINVAL() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_RDONLY);
        assertEquals(err(Errno.EINVAL), sys("mmap", 0, P, PROT_READ, MAP_PRIVATE, fd, 100));
    }

    @Test
    void mmap_fixedNoreplaceOverTheScratchArea_EEXIST() {
        assertEquals(err(Errno.EEXIST), sys("mmap", GuestFixture.SCRATCH, P, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0));
    }

    @Test
    void mmap_fixedBelowMmapMinAddr_EPERM() {
        assertEquals(err(Errno.EPERM), sys("mmap", 0x1000, P, RW, ANON | MAP_FIXED, -1, 0));
    }

    @Test
    void mmap_file_mapsItsContents() throws IOException {
        Files.writeString(root.resolve("f"), "mapped file");
        int fd = openOk("/f", Fcntl.O_RDONLY);
        long addr = sys("mmap", 0, P, PROT_READ, MAP_PRIVATE, fd, 0);
        assertEquals(0, sys("close", fd));
        assertEquals("mapped file\0", string(addr, 12));
        assertEquals("/f", guest.mm().find(addr).name());
    }

    @Test
    void mmap_writableSharedFileMapping_ENODEV() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_RDWR);
        assertEquals(err(Errno.ENODEV), sys("mmap", 0, P, RW, MAP_SHARED, fd, 0));
    }

    @Test
    void mmap_fileOpenedWriteOnly_EACCES() throws IOException {
        Files.writeString(root.resolve("f"), "x");
        int fd = openOk("/f", Fcntl.O_WRONLY);
        assertEquals(err(Errno.EACCES), sys("mmap", 0, P, PROT_READ, MAP_PRIVATE, fd, 0));
    }

    @Test
    void munmapAndMprotect() {
        long addr = sys("mmap", 0, 3 * P, RW, ANON, -1, 0);
        assertEquals(0, sys("mprotect", addr, P, PROT_READ));
        assertEquals(0, sys("munmap", addr + P, P));
        assertEquals(err(Errno.ENOMEM), sys("mprotect", addr, 3 * P, PROT_READ));
        assertEquals(err(Errno.EINVAL), sys("mprotect", addr, P, 0x10));
    }

    @Test
    void brk_growsTheHeap() {
        long start = sys("brk", 0);
        assertEquals(GuestFixture.BRK_START, start);
        assertEquals(start + 3 * P, sys("brk", start + 3 * P));
        assertEquals("[heap]", guest.mm().find(start).name());
    }

    @Test
    void madviseDontneed_zeroesAnonymousMemory() {
        long addr = sys("mmap", 0, P, RW, ANON, -1, 0);
        guest.space().write(addr, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(0, sys("madvise", addr, P, MADV_DONTNEED));
        assertArrayEquals(new byte[3], guest.read(addr, 3));
    }

    @Test
    void madvise_unknownAdvice_EINVAL() {
        long addr = sys("mmap", 0, P, RW, ANON, -1, 0);
        assertEquals(err(Errno.EINVAL), sys("madvise", addr, P, 999));
    }

    @Test
    void mremap_mayMove_keepsContents() {
        long addr = sys("mmap", 0, P, RW, ANON, -1, 0);
        sys("mmap", addr + P, P, PROT_READ, ANON | MAP_FIXED, -1, 0);
        guest.space().write(addr, new byte[] {9}, 0, 1);
        long moved = sys("mremap", addr, P, 4 * P, 1, 0);
        assertEquals(9, guest.read(moved, 1)[0]);
    }
}
