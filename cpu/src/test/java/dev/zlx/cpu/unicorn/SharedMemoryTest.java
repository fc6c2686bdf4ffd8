package dev.zlx.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.SharedMemory;
import dev.zlx.cpu.StopReason.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Shared memory mapped into several engines: one set of bytes, aliasing at fork, one CPU lock. */
class SharedMemoryTest {
    /** mov [rsi], rdi; syscall: the guest stores rdi at rsi. */
    private static final String STORE = "48893e 0f05";
    private static final long SHM = 0x800000;

    private static void guestStore(Guest g, long addr, long value) {
        g.ctx.setPc(Guest.CODE);
        g.ctx.setRegister("rsi", addr);
        g.ctx.setRegister("rdi", value);
        assertEquals(Kind.STOPPED, g.ctx.run(c -> false).kind());
    }

    private static long memoryLong(SharedMemory m, long offset) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        m.read(offset, b);
        return b.getLong(0);
    }

    @Test
    void twoEngines_seeOneSetOfBytes_andTakeTurns() {
        SharedMemory m = Guest.BACKEND.createSharedMemory(0x4000);
        try (Guest a = new Guest(Arch.X86_64, STORE); Guest b = new Guest(Arch.X86_64, STORE)) {
            assertFalse(a.as.sharesCpu());
            a.as.mapShared(SHM, 0x2000, Guest.R | Guest.W, m, 0x1000);
            assertFalse(a.as.sharesCpu(), "one engine alone maps it");
            b.as.mapShared(SHM + 0x10000, 0x1000, Guest.R | Guest.W, m, 0x2000);
            assertTrue(a.as.sharesCpu());
            assertTrue(b.as.sharesCpu());
            assertSame(((UnicornAddressSpace) a.as).domain, ((UnicornAddressSpace) b.as).domain);

            guestStore(a, SHM + 0x1008, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, b.as.readLong(SHM + 0x10008), "b's page is a's second page");
            assertEquals(0x1122334455667788L, memoryLong(m, 0x2008));
            guestStore(b, SHM + 0x10010, 42);
            assertEquals(42, a.as.readLong(SHM + 0x1010));

            SharedMemory.Location at = b.as.sharedLocation(SHM + 0x10010);
            assertNotNull(at);
            assertSame(m, at.memory());
            assertEquals(0x2010, at.offset());
            assertEquals(at, a.as.sharedLocation(SHM + 0x1010), "futex keys agree across engines");
            assertNull(a.as.sharedLocation(Guest.DATA));

            a.as.zero(SHM, 0x2000);
            assertEquals(42, b.as.readLong(SHM + 0x10010), "MADV_DONTNEED of a shared range keeps the data");
        } finally {
            m.release();
        }
    }

    /**
     * Two engines, each on its own host thread, increment one shared word with lock inc: Unicorn
     * runs that as a plain load and store, so only taking turns (one domain) keeps every update.
     */
    @Test
    void atomicIncrementsFromTwoEngines_noneLost() throws Exception {
        final long n = 1_000_000;
        // loop: lock inc qword [rsi]; dec rcx; jnz loop; syscall
        String incLoop = "f048ff06 48ffc9 75f7 0f05";
        SharedMemory m = Guest.BACKEND.createSharedMemory(0x1000);
        try (Guest a = new Guest(Arch.X86_64, incLoop); Guest b = new Guest(Arch.X86_64, incLoop)) {
            a.as.mapShared(SHM, 0x1000, Guest.R | Guest.W, m, 0);
            b.as.mapShared(SHM, 0x1000, Guest.R | Guest.W, m, 0);
            Thread[] threads = new Thread[2];
            Throwable[] failure = new Throwable[1];
            Guest[] guests = {a, b};
            for (int i = 0; i < 2; i++) {
                Guest g = guests[i];
                threads[i] = new Thread(() -> {
                    try {
                        g.ctx.setPc(Guest.CODE);
                        g.ctx.setRegister("rsi", SHM);
                        g.ctx.setRegister("rcx", n);
                        // Handover stops end a run early; run again until the syscall ends it.
                        while (g.ctx.pc() != Guest.CODE + 11) {
                            assertEquals(Kind.STOPPED, g.ctx.run(c -> false).kind());
                        }
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                });
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
            assertEquals(2 * n, a.as.readLong(SHM));
        } finally {
            m.release();
        }
    }

    @Test
    void copy_sharesSharedRanges_copiesPrivateOnes() {
        SharedMemory m = Guest.BACKEND.createSharedMemory(0x1000);
        try (Guest parent = new Guest(Arch.X86_64, STORE)) {
            parent.as.mapShared(SHM, 0x1000, Guest.R | Guest.W, m, 0);
            m.release(); // the mapping keeps it alive
            parent.as.writeLong(Guest.DATA, 1);
            parent.as.writeLong(SHM, 1);
            try (AddressSpace child = parent.as.copy()) {
                assertTrue(child.sharesCpu(), "the child maps the parent's shared memory");
                child.writeLong(Guest.DATA, 2);
                child.writeLong(SHM, 2);
                assertEquals(1, parent.as.readLong(Guest.DATA), "private memory was copied");
                assertEquals(2, parent.as.readLong(SHM), "shared memory is the same");
                parent.as.unmap(SHM, 0x1000);
                assertEquals(2, child.readLong(SHM), "the child's mapping holds the memory");
            }
        }
    }

    @Test
    void splitUnmapAndProtect_keepTheRestShared_releaseAtLastUnmap() {
        UnicornSharedMemory m = (UnicornSharedMemory) Guest.BACKEND.createSharedMemory(0x3000);
        try (Guest a = new Guest(Arch.X86_64, STORE); Guest b = new Guest(Arch.X86_64, STORE)) {
            a.as.mapShared(SHM, 0x3000, Guest.R | Guest.W, m, 0);
            b.as.mapShared(SHM, 0x3000, Guest.R | Guest.W, m, 0);
            a.as.protect(SHM + 0x1000, 0x1000, Guest.R);
            a.as.unmap(SHM, 0x1000);
            b.as.writeLong(SHM + 0x2000, 7);
            assertEquals(7, a.as.readLong(SHM + 0x2000));
            assertThrows(dev.zlx.cpu.GuestMemoryFault.class, () -> a.as.writeLong(SHM + 0x1000, 1));
            m.release();
            a.as.unmap(SHM + 0x1000, 0x2000);
            assertEquals(7, b.as.readLong(SHM + 0x2000), "b still holds it");
        }
    }

    @Test
    void move_keepsPagesAndSharing() {
        SharedMemory m = Guest.BACKEND.createSharedMemory(0x1000);
        try (Guest a = new Guest(Arch.X86_64, STORE); Guest b = new Guest(Arch.X86_64, STORE)) {
            a.as.mapShared(SHM, 0x1000, Guest.R | Guest.W, m, 0);
            b.as.mapShared(SHM, 0x1000, Guest.R | Guest.W, m, 0);
            a.as.writeLong(Guest.DATA + 0x1000, 5);
            a.as.move(Guest.DATA, 0x3000, 0x900000);
            assertFalse(a.as.isMapped(Guest.DATA, 0x1000));
            assertEquals(5, a.as.readLong(0x901000), "private pages moved with their contents");
            a.as.move(SHM, 0x1000, 0xa00000);
            guestStore(a, 0xa00000, 9);
            assertEquals(9, b.as.readLong(SHM), "the moved range is still shared");
        } finally {
            m.release();
        }
    }

    /** More blocks than the host's default vm.max_map_count (65530) allows mappings. */
    @Test
    void manySmallBlocks_fitInFewHostMappings_andComeBackZeroed() {
        java.util.List<SharedMemory> blocks = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 70_000; i++) {
                blocks.add(Guest.BACKEND.createSharedMemory(0x1000));
            }
            blocks.getFirst().write(0, ByteBuffer.wrap(new byte[] {7}));
        } finally {
            blocks.forEach(SharedMemory::release);
        }
        SharedMemory again = Guest.BACKEND.createSharedMemory(0x1000);
        try {
            assertEquals(0, memoryLong(again, 0), "a reused block reads as zero");
        } finally {
            again.release();
        }
    }

    @Test
    void memoryReadWriteZero_boundsChecked() {
        SharedMemory m = Guest.BACKEND.createSharedMemory(0x2000);
        try {
            m.write(0xff8, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
            m.zero(0xffc, 0x1000);
            ByteBuffer back = ByteBuffer.allocate(16);
            m.read(0xff8, back);
            assertEquals(1, back.get(0));
            assertEquals(4, back.get(3));
            assertEquals(0, back.get(4));
            assertEquals(0, back.get(15));
            assertThrows(IndexOutOfBoundsException.class, () -> m.read(0x1ff9, ByteBuffer.allocate(8)));
            assertThrows(IllegalArgumentException.class, () -> Guest.BACKEND.createSharedMemory(100));
        } finally {
            m.release();
        }
    }
}
