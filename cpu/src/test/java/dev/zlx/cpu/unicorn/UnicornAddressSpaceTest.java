package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.Guest.DATA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuException;
import dev.zlx.cpu.GuestMemoryFault;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.StopReason.Kind;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UnicornAddressSpaceTest {
    /** mov rax, [rdi]; syscall; mov [rsi], rax; syscall — reads at rdi, writes at rsi. */
    private static final String LOAD_STORE = "488b07 0f05 488906 0f05";

    private static StopReason load(Guest g, long addr) {
        g.ctx.setPc(Guest.CODE);
        g.ctx.setRegister("rdi", addr);
        return g.ctx.run(c -> false);
    }

    private static StopReason store(Guest g, long addr) {
        g.ctx.setPc(Guest.CODE + 5);
        g.ctx.setRegister("rsi", addr);
        return g.ctx.run(c -> false);
    }

    @Test
    void compareAndExchangeInt_swapsOnlyOnMatch_needsWrite() {
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.writeInt(DATA, 7);
            assertEquals(7, g.as.compareAndExchangeInt(DATA, 7, 9));
            assertEquals(9, g.as.readInt(DATA));
            assertEquals(9, g.as.compareAndExchangeInt(DATA, 7, 11), "no match: the value seen, unchanged");
            assertEquals(9, g.as.readInt(DATA));
            g.as.protect(DATA, 0x1000, Guest.R);
            assertThrows(GuestMemoryFault.class, () -> g.as.compareAndExchangeInt(DATA, 9, 1));
            assertEquals(9, g.as.readInt(DATA));
        }
    }

    @Test
    void partialUnmap_inTheMiddle_faultsThereOnly() {
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.writeLong(DATA, 1);
            g.as.writeLong(DATA + 0x2000, 3);
            g.as.unmap(DATA + 0x1000, 0x1000);
            assertTrue(g.as.isMapped(DATA, 0x1000));
            assertFalse(g.as.isMapped(DATA, 0x2000));
            assertTrue(g.as.isMapped(DATA + 0x2000, 0x1000));
            assertEquals(Kind.STOPPED, load(g, DATA).kind());
            assertEquals(1, g.ctx.register("rax"));
            assertEquals(new StopReason(Kind.UNMAPPED, DATA + 0x1008, StopReason.ACCESS_READ, null), load(g, DATA + 0x1008));
            assertEquals(Kind.STOPPED, load(g, DATA + 0x2000).kind());
            assertEquals(3, g.ctx.register("rax"));
            GuestMemoryFault f = assertThrows(GuestMemoryFault.class, () -> g.as.readLong(DATA + 0x1000));
            assertEquals(DATA + 0x1000, f.address());
            // the hole can be mapped again, zero-filled
            g.as.map(DATA + 0x1000, 0x1000, Guest.R | Guest.W);
            assertEquals(0, g.as.readLong(DATA + 0x1000));
            assertEquals(Kind.STOPPED, load(g, DATA + 0x1000).kind());
        }
    }

    @Test
    void partialProtect_inTheMiddle_faultsThereOnly() {
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.protect(DATA + 0x1000, 0x1000, Guest.R);
            assertEquals(3, ((UnicornAddressSpace) g.as).regions().stream().filter(r -> r.start() >= DATA).count());
            g.ctx.setRegister("rax", 9);
            assertEquals(Kind.STOPPED, store(g, DATA).kind());
            assertEquals(new StopReason(Kind.PROTECTION, DATA + 0x1010, StopReason.ACCESS_WRITE, null), store(g, DATA + 0x1010));
            assertEquals(Kind.STOPPED, store(g, DATA + 0x2000).kind());
            assertEquals(9, g.as.readLong(DATA));
            assertEquals(9, g.as.readLong(DATA + 0x2000));
            assertEquals(Kind.STOPPED, load(g, DATA + 0x1000).kind());
            // accessors honour the same protections
            GuestMemoryFault f = assertThrows(GuestMemoryFault.class, () -> g.as.writeLong(DATA + 0xffc, 1));
            assertEquals(DATA + 0x1000, f.address());
            byte[] span = new byte[0x10];
            GuestMemoryFault f2 = assertThrows(GuestMemoryFault.class, () -> g.as.write(DATA + 0xff8, span, 0, span.length));
            assertEquals(DATA + 0x1000, f2.address());
            g.as.writeIgnoringProtection(DATA + 0x1000, new byte[] {5}, 0, 1);
            assertEquals(5, g.as.readByte(DATA + 0x1000));
            // and can be undone
            g.as.protect(DATA + 0x1000, 0x1000, Guest.R | Guest.W);
            assertEquals(Kind.STOPPED, store(g, DATA + 0x1010).kind());
        }
    }

    @Test
    void protNone_readsFault_andNoReadAccessorsFault() {
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.protect(DATA, 0x1000, 0);
            assertEquals(new StopReason(Kind.PROTECTION, DATA, StopReason.ACCESS_READ, null), load(g, DATA));
            assertThrows(GuestMemoryFault.class, () -> g.as.readInt(DATA));
            assertThrows(GuestMemoryFault.class, () -> g.as.buffer(DATA, 8, false));
        }
    }

    @Test
    void accessors_crossRegionsAndRoundTrip() {
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.protect(DATA + 0x1000, 0x1000, Guest.R | Guest.W); // split without changing access
            g.as.writeLong(DATA + 0xffc, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, g.as.readLong(DATA + 0xffc));
            g.as.writeInt(DATA + 0xffe, 0xcafebabe);
            assertEquals(0xcafebabe, g.as.readInt(DATA + 0xffe));
            byte[] out = new byte[3];
            g.as.read(DATA + 0xfff, out, 0, 3);
            assertArrayEquals(new byte[] {(byte) 0xba, (byte) 0xfe, (byte) 0xca}, out);
            assertNull(g.as.buffer(DATA + 0xff0, 0x20, true), "spans two regions");
            assertThrows(GuestMemoryFault.class, () -> g.as.readLong(DATA + 0x2ffc));
        }
    }

    @Test
    void buffer_sharesMemoryWithGuest() {
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            ByteBuffer b = g.as.buffer(DATA + 0x100, 16, true);
            assertNotNull(b);
            b.putLong(0, 0x55aa);
            assertEquals(Kind.STOPPED, load(g, DATA + 0x100).kind());
            assertEquals(0x55aa, g.ctx.register("rax"));
            g.ctx.setRegister("rax", 0x1234);
            store(g, DATA + 0x108);
            assertEquals(0x1234, b.getLong(8));
            g.as.protect(DATA, 0x1000, Guest.R);
            assertThrows(GuestMemoryFault.class, () -> g.as.buffer(DATA + 0x100, 16, true));
            assertNotNull(g.as.buffer(DATA + 0x100, 16, false));
        }
    }

    @Test
    void zero_clearsPages() {
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.writeLong(DATA + 0x1000, -1);
            g.as.writeLong(DATA, -1);
            g.as.zero(DATA + 0x1000, 0x1000);
            assertEquals(0, g.as.readLong(DATA + 0x1000));
            assertEquals(-1, g.as.readLong(DATA));
            assertEquals(Kind.STOPPED, load(g, DATA + 0x1000).kind());
            assertEquals(0, g.ctx.register("rax"));
        }
    }

    @Test
    void map_rejectsOverlapAndAddressesBeyondUserSpace() {
        try (AddressSpace as = Guest.BACKEND.createAddressSpace(Arch.X86_64)) {
            as.map(0x10000, 0x2000, Guest.R);
            assertThrows(IllegalArgumentException.class, () -> as.map(0x11000, 0x2000, Guest.R));
            assertThrows(IllegalArgumentException.class, () -> as.map(1L << 47, 0x1000, Guest.R));
            as.map((1L << 47) - 0x1000, 0x1000, Guest.R);
            assertThrows(IllegalArgumentException.class, () -> as.protect(0x10000, 0x3000, Guest.R));
            as.unmap(0x0, 0x100000); // holes ignored
            assertFalse(as.isMapped(0x10000, 1));
        }
    }

    @Test
    void close_releasesEverything_andLaterUseFails() {
        AddressSpace as = Guest.BACKEND.createAddressSpace(Arch.X86_64);
        as.map(0x10000, 0x10000, Guest.R | Guest.W);
        var ctx = as.createContext();
        as.close();
        assertTrue(((UnicornAddressSpace) as).regions().isEmpty());
        assertThrows(CpuException.class, () -> as.map(0x40000, 0x1000, Guest.R));
        assertThrows(CpuException.class, () -> ctx.run(c -> true));
        assertThrows(CpuException.class, ctx::pc);
        ctx.interrupt(); // harmless after close
        as.close(); // idempotent
    }

    @Test
    void manyAddressSpaces_openAndClose() {
        for (int i = 0; i < 50; i++) {
            try (Guest g = new Guest(i % 2 == 0 ? Arch.X86_64 : Arch.AARCH64, "00000000")) {
                assertTrue(g.as.isMapped(Guest.CODE, 0x1000));
            }
        }
    }

    /** A thread that ended gives its context back; the others and the space go on. */
    @Test
    void releasedContext_isFreedAndRefused_whileTheSpaceGoesOn() {
        // mov eax, 39; syscall
        try (Guest g = new Guest(Arch.X86_64, "b827000000 0f05")) {
            var other = g.as.createContext();
            other.setRegister("rbx", 7);
            other.release();
            assertThrows(CpuException.class, () -> other.register("rbx"));
            assertThrows(CpuException.class, () -> other.setSp(0));
            other.release(); // twice is harmless
            StopReason r = g.ctx.run(c -> false);
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(39, g.ctx.register("rax"));
        }
    }
}
