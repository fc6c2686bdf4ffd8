package dev.zlx.kernel.mm;

import static dev.zlx.abi.Mman.MAP_ANONYMOUS;
import static dev.zlx.abi.Mman.MAP_FIXED;
import static dev.zlx.abi.Mman.MAP_FIXED_NOREPLACE;
import static dev.zlx.abi.Mman.MAP_PRIVATE;
import static dev.zlx.abi.Mman.MREMAP_FIXED;
import static dev.zlx.abi.Mman.MREMAP_MAYMOVE;
import static dev.zlx.abi.Mman.PROT_EXEC;
import static dev.zlx.abi.Mman.PROT_NONE;
import static dev.zlx.abi.Mman.PROT_READ;
import static dev.zlx.abi.Mman.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.kernel.testing.FakeAddressSpace;
import dev.zlx.kernel.testing.MemoryFile;
import dev.zlx.kernel.testing.MmInvariants;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MmTest {
    private static final long P = Mm.PAGE;
    private static final long TASK_SIZE = 1L << 47;
    private static final long BASE = 0x7f00_0000_0000L;
    private static final int RW = PROT_READ | PROT_WRITE;
    private static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;
    private static final long X = 0x4000_0000L;
    private static final long HEAP = 0x0100_0000L;

    private FakeAddressSpace space;
    private Mm mm;

    @BeforeEach
    void setUp() {
        space = new FakeAddressSpace(Arch.X86_64);
        mm = new Mm(space, TASK_SIZE);
        mm.setMmapBase(BASE);
        mm.setBrkStart(HEAP);
    }

    @AfterEach
    void vmasAgreeWithTheAddressSpace() {
        if (!space.isClosed()) {
            MmInvariants.check(mm);
        }
    }

    private static void assertErrno(Errno expected, Executable call) {
        LinuxException e = assertThrows(LinuxException.class, call);
        assertEquals(expected, e.errno());
    }

    private long anon(long addr, long length, int prot, int flags) {
        return mm.map(addr, length, prot, flags | ANON, null, 0, null);
    }

    private void fill(long addr, int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        space.poke(addr, b);
    }

    private Vma only(long addr) {
        Vma v = mm.find(addr);
        assertTrue(v != null, "no VMA at 0x" + Long.toHexString(addr));
        return v;
    }

    // mmap placement

    @Test
    void map_noHint_placedTopDownBelowMmapBase() {
        long a = anon(0, 3 * P, RW, 0);
        long b = anon(0, P, RW, 0);
        assertEquals(BASE - 3 * P, a);
        assertEquals(a - P, b);
    }

    @Test
    void map_lengthNotPageMultiple_roundedUpToPages() {
        long a = anon(0, 10, RW, 0);
        assertEquals(P, only(a).length());
    }

    @Test
    void map_noHint_takesTheHighestHoleThatFits() {
        long a = anon(0, P, RW, 0);
        long b = anon(0, 4 * P, RW, 0);
        long c = anon(0, P, RW, 0);
        mm.unmap(b, 4 * P);
        assertEquals(b + 2 * P, anon(0, 2 * P, RW, 0), "the top of the hole between a and c");
        assertEquals(List.of(c, b + 2 * P, a), mm.vmas().stream().map(Vma::start).toList());
    }

    @Test
    void map_freeHint_honoured() {
        assertEquals(X, anon(X, 2 * P, RW, 0));
    }

    @Test
    void map_unalignedHint_roundedUpAsLinux() {
        // Linux page-aligns the hint upwards (PAGE_ALIGN in get_unmapped_area).
        assertEquals(X + P, anon(X + 123, P, RW, 0));
    }

    @Test
    void map_occupiedHint_fallsBackToTopDown() {
        anon(X, P, RW, MAP_FIXED);
        assertEquals(BASE - P, anon(X, P, RW, 0));
    }

    // MAP_FIXED and MAP_FIXED_NOREPLACE

    @Test
    void mapFixed_replacesTheOverlappedPartAndSplitsTheRest() {
        anon(X, 4 * P, RW, MAP_FIXED);
        fill(X, (int) (4 * P), 0x11);
        assertEquals(X + P, anon(X + P, P, PROT_READ, MAP_FIXED));
        List<Vma> vmas = mm.vmas();
        assertEquals(3, vmas.size());
        assertEquals(List.of(X, X + P, X + 2 * P), vmas.stream().map(Vma::start).toList());
        assertEquals(List.of(RW, PROT_READ, RW), vmas.stream().map(Vma::prot).toList());
        assertEquals(0x11, space.peek(X + P - 1, 1)[0], "the page before keeps its contents");
        assertEquals(0, space.peek(X + P, 1)[0], "the new mapping is zero-filled");
        assertEquals(0x11, space.peek(X + 2 * P, 1)[0], "the page after keeps its contents");
    }

    @Test
    void mapFixed_overSeveralVmas_replacesThemAll() {
        anon(X, P, RW, MAP_FIXED);
        anon(X + 2 * P, P, PROT_READ, MAP_FIXED);
        anon(X, 3 * P, PROT_EXEC | PROT_READ, MAP_FIXED);
        assertEquals(1, mm.vmas().size());
        assertEquals(3 * P, only(X).length());
    }

    @Test
    void mapFixedNoreplace_overlapping_EEXISTAndNothingChanges() {
        anon(X + P, P, RW, MAP_FIXED);
        fill(X + P, 8, 7);
        assertErrno(Errno.EEXIST, () -> anon(X, 2 * P, PROT_READ, MAP_FIXED_NOREPLACE));
        assertEquals(1, mm.vmas().size());
        assertEquals(7, space.peek(X + P, 1)[0]);
    }

    @Test
    void mapFixedNoreplace_withMapFixedToo_stillEEXIST() {
        // do_mmap checks MAP_FIXED_NOREPLACE whatever MAP_FIXED says.
        anon(X, P, RW, MAP_FIXED);
        assertErrno(Errno.EEXIST, () -> anon(X, P, PROT_READ, MAP_FIXED | MAP_FIXED_NOREPLACE));
        assertEquals(RW, only(X).prot());
    }

    @Test
    void mapFixedNoreplace_free_mapsAtTheAddress() {
        assertEquals(X, anon(X, P, RW, MAP_FIXED_NOREPLACE));
    }

    @Test
    void mapFixed_unalignedAddress_EINVAL() {
        assertErrno(Errno.EINVAL, () -> anon(X + 1, P, RW, MAP_FIXED));
        assertTrue(mm.vmas().isEmpty());
    }

    @Test
    void mapFixed_belowMmapMinAddr_EPERM() {
        assertErrno(Errno.EPERM, () -> anon(Mm.MMAP_MIN_ADDR - P, P, RW, MAP_FIXED));
        assertErrno(Errno.EPERM, () -> anon(0, P, RW, MAP_FIXED));
    }

    @Test
    void mapFixed_aboveTaskSize_ENOMEM() {
        assertErrno(Errno.ENOMEM, () -> anon(TASK_SIZE - P, 2 * P, RW, MAP_FIXED));
    }

    // munmap

    @Test
    void unmap_middleOfVma_splitsIt() {
        anon(X, 3 * P, RW, MAP_FIXED);
        fill(X, (int) (3 * P), 5);
        mm.unmap(X + P, P);
        assertEquals(List.of(X, X + 2 * P), mm.vmas().stream().map(Vma::start).toList());
        assertNull(mm.find(X + P));
        assertFalse(space.isMapped(X + P, P));
        assertEquals(5, space.peek(X, 1)[0]);
        assertEquals(5, space.peek(X + 2 * P, 1)[0]);
    }

    @Test
    void unmap_rangeWithHoles_removesEverythingInIt() {
        anon(X, P, RW, MAP_FIXED);
        anon(X + 2 * P, P, RW, MAP_FIXED);
        mm.unmap(X - P, 5 * P);
        assertTrue(mm.vmas().isEmpty());
    }

    @Test
    void unmap_unalignedOrEmpty_EINVAL() {
        assertErrno(Errno.EINVAL, () -> mm.unmap(X + 1, P));
        assertErrno(Errno.EINVAL, () -> mm.unmap(X, 0));
    }

    // mprotect

    @Test
    void protect_middlePage_splitsIntoThree() {
        anon(X, 3 * P, RW, MAP_FIXED);
        mm.protect(X + P, P, PROT_READ);
        assertEquals(List.of(RW, PROT_READ, RW), mm.vmas().stream().map(Vma::prot).toList());
        assertEquals(PROT_READ, space.protectionAt(X + P));
    }

    @Test
    void protect_acrossTwoAdjacentVmas_changesBoth() {
        anon(X, P, RW, MAP_FIXED);
        anon(X + P, P, PROT_READ, MAP_FIXED);
        mm.protect(X, 2 * P, PROT_NONE);
        assertTrue(mm.vmas().stream().allMatch(v -> v.prot() == PROT_NONE));
    }

    @Test
    void protect_rangeWithAHole_ENOMEM() {
        anon(X, P, RW, MAP_FIXED);
        anon(X + 2 * P, P, RW, MAP_FIXED);
        assertErrno(Errno.ENOMEM, () -> mm.protect(X, 3 * P, PROT_READ));
    }

    @Test
    void protect_unmappedStart_ENOMEM() {
        anon(X + P, P, RW, MAP_FIXED);
        assertErrno(Errno.ENOMEM, () -> mm.protect(X, 2 * P, PROT_READ));
        assertEquals(RW, only(X + P).prot());
    }

    @Test
    void protect_unaligned_EINVAL() {
        anon(X, P, RW, MAP_FIXED);
        assertErrno(Errno.EINVAL, () -> mm.protect(X + 8, P, PROT_READ));
    }

    // brk

    @Test
    void brk_belowStart_returnsCurrentBreak() {
        assertEquals(HEAP, mm.brk(0));
        assertEquals(HEAP, mm.brk(HEAP - P));
        assertTrue(mm.vmas().isEmpty());
    }

    @Test
    void brk_grow_mapsAHeapVmaNamedHeap() {
        assertEquals(HEAP + 10_000, mm.brk(HEAP + 10_000));
        Vma heap = only(HEAP);
        assertEquals("[heap]", heap.name());
        assertEquals(HEAP + 3 * P, heap.end());
        assertEquals(RW, heap.prot());
        space.write(HEAP + 9_999, new byte[] {1}, 0, 1);
    }

    @Test
    void brk_growTwice_extendsTheSameVma() {
        mm.brk(HEAP + P);
        mm.brk(HEAP + 4 * P);
        assertEquals(1, mm.vmas().size());
        assertEquals(new Vma(HEAP, HEAP + 4 * P, RW, false, null, 0, "[heap]"), only(HEAP));
    }

    @Test
    void brk_shrink_unmapsTheTopAndRegrownMemoryIsZero() {
        mm.brk(HEAP + 3 * P);
        fill(HEAP + P, 16, 0x55);
        assertEquals(HEAP + 100, mm.brk(HEAP + 100));
        assertEquals(HEAP + P, only(HEAP).end());
        assertFalse(space.isMapped(HEAP + P, P));
        mm.brk(HEAP + 3 * P);
        assertEquals(0, space.peek(HEAP + P, 1)[0]);
    }

    @Test
    void brk_intoAnotherMapping_refusedWithTheOldBreak() {
        mm.brk(HEAP + P);
        anon(HEAP + 3 * P, P, PROT_READ, MAP_FIXED);
        assertEquals(HEAP + P, mm.brk(HEAP + 5 * P));
        assertEquals(HEAP + P, only(HEAP).end());
        assertEquals(PROT_READ, only(HEAP + 3 * P).prot());
    }

    // mremap

    @Test
    void remap_shrink_keepsTheAddressAndUnmapsTheTail() {
        anon(X, 4 * P, RW, MAP_FIXED);
        assertEquals(X, mm.remap(X, 4 * P, 2 * P, 0, 0));
        assertEquals(X + 2 * P, only(X).end());
        assertFalse(space.isMapped(X + 2 * P, P));
    }

    @Test
    void remap_growWithFreeSpaceAfter_growsInPlace() {
        anon(X, 2 * P, RW, MAP_FIXED);
        assertEquals(X, mm.remap(X, 2 * P, 5 * P, 0, 0));
        assertEquals(X + 5 * P, only(X).end());
    }

    @Test
    void remap_growBlockedWithoutMayMove_ENOMEM() {
        anon(X, 2 * P, RW, MAP_FIXED);
        anon(X + 2 * P, P, PROT_READ, MAP_FIXED);
        assertErrno(Errno.ENOMEM, () -> mm.remap(X, 2 * P, 4 * P, 0, 0));
        assertEquals(X + 2 * P, only(X).end());
    }

    @Test
    void remap_growBlockedWithMayMove_movesAndKeepsContentsAndProtection() {
        anon(X, 2 * P, PROT_READ, MAP_FIXED);
        space.poke(X, "hello".getBytes());
        space.poke(X + 2 * P - 1, new byte[] {42});
        anon(X + 2 * P, P, RW, MAP_FIXED);
        long moved = mm.remap(X, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
        assertTrue(moved != X);
        assertArrayEquals("hello".getBytes(), space.peek(moved, 5));
        assertEquals(42, space.peek(moved + 2 * P - 1, 1)[0]);
        assertEquals(0, space.peek(moved + 3 * P, 1)[0]);
        assertEquals(new Vma(moved, moved + 4 * P, PROT_READ, false, null, 0, null), only(moved));
        assertNull(mm.find(X), "the old range is unmapped");
    }

    private SharedPages sharedPages() {
        return SharedPages.anonymous(new dev.zlx.kernel.testing.FakeCpuBackend());
    }

    @Test
    void mapShared_forkedCopySeesStores_privateDoesNot() {
        long shared = mm.mapShared(X, 2 * P, RW, dev.zlx.abi.Mman.MAP_SHARED | MAP_FIXED, sharedPages(), 0, null,
                "/dev/zero (deleted)");
        anon(X + 4 * P, P, RW, MAP_FIXED);
        assertEquals(X, shared);
        Vma v = only(X);
        assertTrue(v.shared());
        assertTrue(v.pages() != null);
        FakeAddressSpace childSpace = (FakeAddressSpace) space.copy();
        try (Mm child = mm.copyInto(childSpace)) {
            childSpace.poke(X + P, new byte[] {7});
            childSpace.poke(X + 4 * P, new byte[] {8});
            assertEquals(7, space.peek(X + P, 1)[0], "shared pages are the same memory");
            assertEquals(0, space.peek(X + 4 * P, 1)[0], "private pages were copied");
            assertEquals(childSpace.sharedLocation(X + P), space.sharedLocation(X + P));
        }
    }

    @Test
    void remap_sharedArea_movesItsPages_andGrowsWithNewSharedPages() {
        mm.mapShared(X, P, RW, dev.zlx.abi.Mman.MAP_SHARED | MAP_FIXED, sharedPages(), 0, null, null);
        anon(X + P, P, RW, MAP_FIXED);
        space.poke(X, new byte[] {5});
        var before = space.sharedLocation(X);
        long moved = mm.remap(X, P, 3 * P, MREMAP_MAYMOVE, 0);
        assertTrue(moved != X);
        assertEquals(before, space.sharedLocation(moved), "the same page, not a copy");
        assertEquals(5, space.peek(moved, 1)[0]);
        assertTrue(space.sharedLocation(moved + 2 * P) != null, "the grown part is shared memory too");
        Vma v = only(moved);
        assertEquals(moved + 3 * P, v.end());
        assertTrue(v.shared());
    }

    @Test
    void discard_sharedArea_keepsContents() {
        mm.mapShared(X, P, RW, dev.zlx.abi.Mman.MAP_SHARED | MAP_FIXED, sharedPages(), 0, null, null);
        space.poke(X, new byte[] {5});
        mm.discard(X, P);
        assertEquals(5, space.peek(X, 1)[0]);
    }

    @Test
    void remap_fixed_movesToTheGivenAddress() {
        anon(X, P, RW, MAP_FIXED);
        space.poke(X, new byte[] {9});
        long target = X + 16 * P;
        assertEquals(target, mm.remap(X, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, target));
        assertEquals(9, space.peek(target, 1)[0]);
        assertNull(mm.find(X));
    }

    @Test
    void remap_fixedWithoutMayMove_EINVAL() {
        anon(X, P, RW, MAP_FIXED);
        assertErrno(Errno.EINVAL, () -> mm.remap(X, P, P, MREMAP_FIXED, X + 16 * P));
    }

    @Test
    void remap_unmappedOldAddress_EFAULT() {
        assertErrno(Errno.EFAULT, () -> mm.remap(X, P, 2 * P, MREMAP_MAYMOVE, 0));
    }

    // madvise

    @Test
    void discard_anonymousMemory_readsAsZero() {
        anon(X, 2 * P, RW, MAP_FIXED);
        fill(X, (int) (2 * P), 0x77);
        mm.discard(X, P);
        assertEquals(0, space.peek(X, 1)[0]);
        assertEquals(0, space.peek(X + P - 1, 1)[0]);
        assertEquals(0x77, space.peek(X + P, 1)[0], "outside the range is kept");
    }

    @Test
    void discard_privateFileMapping_rereadsTheFile() {
        MemoryFile file = new MemoryFile("file contents".getBytes());
        Vma.MappedFile mapped = new Vma.MappedFile(file, "/f", 1, 2);
        mm.map(X, P, RW, MAP_PRIVATE | MAP_FIXED, mapped, 0, "/f");
        mm.fillFromFile(X, P, mapped, 0, 13);
        space.poke(X, "FILE".getBytes());
        mm.discard(X, P);
        assertArrayEquals("file contents".getBytes(), space.peek(X, 13));
        file.close();
    }

    @Test
    void discard_unmappedRange_ENOMEM() {
        assertErrno(Errno.ENOMEM, () -> mm.discard(X, P));
    }

    // RLIMIT_AS

    @Test
    void addressSpaceLimit_mapBeyondIt_ENOMEM() {
        mm.setAddressSpaceLimit(4 * P);
        anon(0, 3 * P, RW, 0);
        assertErrno(Errno.ENOMEM, () -> anon(0, 2 * P, RW, 0));
        assertEquals(3 * P, mm.totalMapped());
    }

    @Test
    void addressSpaceLimit_mapFixedOverExistingMemory_countsOnlyTheGrowth() {
        mm.setAddressSpaceLimit(4 * P);
        anon(X, 4 * P, RW, MAP_FIXED);
        assertEquals(X + P, anon(X + P, 2 * P, PROT_READ, MAP_FIXED));
    }

    @Test
    void addressSpaceLimit_brkBeyondIt_returnsTheOldBreak() {
        mm.setAddressSpaceLimit(2 * P);
        assertEquals(HEAP + P, mm.brk(HEAP + P));
        assertEquals(HEAP + P, mm.brk(HEAP + 4 * P));
    }

    @Test
    void addressSpaceLimit_remapGrowInPlaceBeyondIt_ENOMEM() {
        mm.setAddressSpaceLimit(4 * P);
        anon(X, 2 * P, RW, MAP_FIXED);
        assertErrno(Errno.ENOMEM, () -> mm.remap(X, 2 * P, 8 * P, 0, 0));
        assertEquals(2 * P, mm.totalMapped());
    }

    // file mappings and reference counts

    @Test
    void fileMapping_splitAndUnmapped_releasesTheDescriptionExactlyOnce() {
        MemoryFile file = new MemoryFile(new byte[(int) (3 * P)]);
        Vma.MappedFile mapped = new Vma.MappedFile(file, "/f", 1, 2);
        mm.map(X, 3 * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, mapped, 0, "/f");
        file.close(); // the descriptor goes; the mapping keeps the description
        assertFalse(file.released());
        mm.unmap(X + P, P);
        assertEquals(2 * P, only(X + 2 * P).fileOffset());
        mm.protect(X, P, PROT_NONE);
        mm.unmap(X, P);
        assertFalse(file.released());
        mm.unmap(X + 2 * P, P);
        assertEquals(1, file.releases());
    }

    @Test
    void close_releasesMappedFilesAndTheAddressSpace() {
        MemoryFile file = new MemoryFile(new byte[16]);
        mm.map(X, 2 * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, new Vma.MappedFile(file, "/f", 1, 2), 0, "/f");
        mm.protect(X, P, PROT_NONE);
        file.close();
        mm.close();
        assertEquals(1, file.releases());
        assertTrue(space.isClosed());
    }

    @Test
    void fillFromFile_fileShorterThanTheMapping_restStaysZero() {
        MemoryFile file = new MemoryFile("abc".getBytes());
        Vma.MappedFile mapped = new Vma.MappedFile(file, "/f", 1, 2);
        mm.map(X, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, mapped, 0, "/f");
        mm.fillFromFile(X, P, mapped, 0, P);
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0}, space.peek(X, 4));
        file.close();
    }

    /** vm.max_map_count: mmap may take the count to the limit plus one; splits stop at the limit. */
    @Test
    void maxMapCount_mmapMprotectAndMunmapSplits_ENOMEM() {
        mm.setMaxMapCount(() -> 3);
        anon(X, 8 * P, RW, MAP_FIXED);
        anon(X + 16 * P, P, RW, MAP_FIXED);
        anon(X + 32 * P, P, RW, MAP_FIXED);
        anon(X + 48 * P, P, RW, MAP_FIXED); // do_mmap checks count > max before adding: 4 areas
        assertErrno(Errno.ENOMEM, () -> anon(X + 64 * P, P, RW, MAP_FIXED));
        mm.unmap(X + 48 * P, P);
        mm.unmap(X + 32 * P, P);
        assertEquals(2, mm.vmas().size());
        assertErrno(Errno.ENOMEM, () -> mm.protect(X + 2 * P, P, PROT_READ)); // needs two splits
        mm.protect(X, P, PROT_READ); // one split: 3 areas
        assertEquals(3, mm.vmas().size());
        assertErrno(Errno.ENOMEM, () -> mm.protect(X + 4 * P, P, PROT_READ));
        assertErrno(Errno.ENOMEM, () -> mm.unmap(X + 4 * P, P));
        assertErrno(Errno.ENOMEM, () -> anon(X + 4 * P, P, RW, MAP_FIXED));
        mm.unmap(X + 7 * P, P); // the end of an area: no new one
        assertEquals(3, mm.vmas().size());
        assertErrno(Errno.ENOMEM, () -> mm.remap(X + 16 * P, P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, X + 128 * P));
        mm.setMaxMapCount(() -> 2);
        assertEquals(HEAP, mm.brk(HEAP + P)); // 3 areas, more than 2: the break stays
    }
}
