package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.Guest.CODE;
import static dev.zlx.cpu.unicorn.Guest.DATA;
import static dev.zlx.cpu.unicorn.Guest.R;
import static dev.zlx.cpu.unicorn.Guest.W;
import static dev.zlx.cpu.unicorn.Guest.X;
import static dev.zlx.cpu.unicorn.Guest.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.GuestMemoryFault;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.StopReason.Kind;
import dev.zlx.cpu.TrapHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** AddressSpace.copy and ExecutionContext.copyRegistersTo (fork), and engines on parallel threads. */
class ForkTest {
    private static final long GIB = 1L << 30;

    private static List<String> layout(AddressSpace as) {
        List<String> out = new ArrayList<>();
        for (UnicornAddressSpace.Region r : ((UnicornAddressSpace) as).regions()) {
            out.add(Long.toHexString(r.start()) + "-" + Long.toHexString(r.end()) + ":" + r.prot());
        }
        return out;
    }

    /** Bytes of host memory behind guest memory, whatever its protection. */
    private static byte[] read(AddressSpace as, long addr, int len) {
        byte[] b = new byte[len];
        UnicornAddressSpace u = (UnicornAddressSpace) as;
        UnicornAddressSpace.Region r = u.regionAt(addr);
        java.lang.foreign.MemorySegment.copy(r.host(), java.lang.foreign.ValueLayout.JAVA_BYTE,
                addr - r.start(), b, 0, len);
        return b;
    }

    @Test
    void copy_sameMappingsProtectionsContents_andWritesAreIndependentBothWays() {
        try (Guest g = new Guest(Arch.X86_64, "90")) {
            g.as.map(0x700000, 0x2000, R);
            g.as.map(0x800000, 0x1000, 0);
            g.as.map(0x900000, 0x4000, R | W | X);
            byte[] ro = "read-only text".getBytes();
            g.as.writeIgnoringProtection(0x700000 + 0x1000 - 4, ro, 0, ro.length); // crosses a page
            g.as.writeIgnoringProtection(0x800010, new byte[] {7, 7}, 0, 2); // PROT_NONE contents
            g.as.writeLong(DATA, 0x1111);
            g.as.writeLong(0x903ff8, 0x2222);
            try (AddressSpace child = g.as.copy()) {
                assertNotSame(g.as, child);
                assertEquals(Arch.X86_64, child.arch());
                assertEquals(layout(g.as), layout(child));
                byte[] back = new byte[ro.length];
                child.read(0x700000 + 0x1000 - 4, back, 0, back.length);
                assertArrayEquals(ro, back);
                assertArrayEquals(new byte[] {7, 7}, read(child, 0x800010, 2));
                assertThrows(GuestMemoryFault.class, () -> child.readByte(0x800010));
                assertThrows(GuestMemoryFault.class, () -> child.writeLong(0x700000, 1));
                assertEquals(0x1111, child.readLong(DATA));
                assertEquals(0x2222, child.readLong(0x903ff8));
                assertEquals(0, child.readLong(DATA + 0x2000));
                // the code page came along: the child can run it
                assertEquals(0x90, child.readByte(CODE) & 0xff);

                g.as.writeLong(DATA, 0xaaaa);
                child.writeLong(0x903ff8, 0xbbbb);
                assertEquals(0x1111, child.readLong(DATA));
                assertEquals(0xaaaa, g.as.readLong(DATA));
                assertEquals(0x2222, g.as.readLong(0x903ff8));
                assertEquals(0xbbbb, child.readLong(0x903ff8));

                // mapping changes are independent too
                child.unmap(0x900000, 0x4000);
                assertTrue(g.as.isMapped(0x900000, 0x4000));
                g.as.protect(DATA, 0x1000, R);
                child.writeLong(DATA, 5);
                assertEquals(5, child.readLong(DATA));
            }
            // the parent survives the child's close
            assertEquals(0xaaaa, g.as.readLong(DATA));
        }
    }

    /** mov rax, [rdi]; syscall; mov [rsi], rax; syscall — as in UnicornAddressSpaceTest. */
    private static final String LOAD_STORE = "488b07 0f05 488906 0f05";

    private static StopReason guestLoad(ExecutionContext ctx, long addr) {
        ctx.setPc(CODE);
        ctx.setRegister("rdi", addr);
        return ctx.run(c -> false);
    }

    private static StopReason guestStore(ExecutionContext ctx, long addr, long value) {
        ctx.setPc(CODE + 5);
        ctx.setRegister("rax", value);
        ctx.setRegister("rsi", addr);
        return ctx.run(c -> false);
    }

    @Test
    void copy_ofPartlyUnmappedAndProtectedRegion_hasTheSameHolesAndProtections() {
        long base = 0x10000000L;
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.map(base, 0x8000, R | W);
            for (int i = 0; i < 8; i++) {
                g.as.writeLong(base + i * 0x1000L, 100 + i);
            }
            g.as.unmap(base + 0x2000, 0x1000);
            g.as.protect(base + 0x4000, 0x2000, R);
            g.as.protect(base + 0x7000, 0x1000, 0);
            g.as.zero(base + 0x5000, 0x1000);
            try (AddressSpace child = g.as.copy()) {
                assertEquals(layout(g.as), layout(child));
                assertFalse(child.isMapped(base + 0x2000, 0x1000));
                assertTrue(child.isMapped(base, 0x2000));
                assertTrue(child.isMapped(base + 0x3000, 0x5000));
                ExecutionContext c = child.createContext();
                // guest-visible protections in the child's engine
                assertEquals(Kind.STOPPED, guestLoad(c, base + 0x1000).kind());
                assertEquals(101, c.register("rax"));
                assertEquals(new StopReason(Kind.UNMAPPED, base + 0x2000, StopReason.ACCESS_READ, null),
                        guestLoad(c, base + 0x2000));
                assertEquals(Kind.STOPPED, guestLoad(c, base + 0x4000).kind());
                assertEquals(104, c.register("rax"));
                assertEquals(new StopReason(Kind.PROTECTION, base + 0x4000, StopReason.ACCESS_WRITE, null),
                        guestStore(c, base + 0x4000, 1));
                assertEquals(Kind.STOPPED, guestLoad(c, base + 0x5000).kind());
                assertEquals(0, c.register("rax"), "zeroed page stays zero");
                assertEquals(Kind.STOPPED, guestStore(c, base + 0x6008, 9).kind());
                assertEquals(new StopReason(Kind.PROTECTION, base + 0x7000, StopReason.ACCESS_READ, null),
                        guestLoad(c, base + 0x7000));
                assertEquals(107, ((UnicornAddressSpace) child).regionAt(base + 0x7000).host()
                        .get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
                // the guest's store in the child is not in the parent, and the other way round
                assertEquals(0, g.as.readLong(base + 0x6008));
                assertEquals(Kind.STOPPED, guestStore(g.ctx, base + 0x3008, 11).kind());
                assertEquals(0, child.readLong(base + 0x3008));
                // and child can remap its hole independently
                child.map(base + 0x2000, 0x1000, R);
                assertFalse(g.as.isMapped(base + 0x2000, 0x1000));
            }
        }
    }

    @Test
    void copy_ofLargeSparseMapping_copiesOnlyTouchedPages() {
        long base = 0x100000000L;
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.map(base, GIB, R | W);
            long[] touched = {base, base + GIB / 2 + 0x3000, base + GIB - 8};
            for (long a : touched) {
                g.as.writeLong(a, a ^ 0x5a5a);
            }
            // a guest store too (through Unicorn's softmmu rather than the accessors)
            assertEquals(Kind.STOPPED, guestStore(g.ctx, base + 0x20000000L, 77).kind());
            // 64 MiB only read (host zero page mapped: present in the pagemap, not copied)
            byte[] chunk = new byte[1 << 20];
            for (long a = base + GIB / 4; a < base + GIB / 4 + (64L << 20); a += chunk.length) {
                g.as.read(a, chunk, 0, chunk.length);
            }
            long t0 = System.nanoTime();
            try (AddressSpace child = g.as.copy()) {
                long ns = System.nanoTime() - t0;
                long copied = ((UnicornAddressSpace) g.as).lastCopyBytes;
                System.out.printf("copy of 1 GiB with 4 touched pages: %.2f ms, %d bytes copied%n", ns / 1e6, copied);
                for (long a : touched) {
                    assertEquals(a ^ 0x5a5a, child.readLong(a));
                }
                assertEquals(77, child.readLong(base + 0x20000000L));
                assertEquals(0, child.readLong(base + 0x1000));
                assertEquals(0, child.readLong(base + GIB / 4));
                if (pagemapReadable()) {
                    assertTrue(copied < 64L << 20, "copied " + copied + " bytes of 1 GiB");
                }
                ExecutionContext c = child.createContext();
                assertEquals(Kind.STOPPED, guestLoad(c, base + 0x20000000L).kind());
                assertEquals(77, c.register("rax"));
            }
        }
    }

    /** The resident set counts written pages, not mapped or only-read ones (the host's pagemap). */
    @Test
    void residentBytes_countsWrittenPagesOnly() {
        long base = 0x100000000L;
        long len = 16L << 20;
        try (Guest g = new Guest(Arch.X86_64, LOAD_STORE)) {
            g.as.map(base, len, R | W);
            assertEquals(pagemapReadable() ? 0 : len, g.as.residentBytes(base, len));
            g.as.writeLong(base + 0x5000, 1);
            g.as.writeLong(base + len - 8, 2);
            assertEquals(Kind.STOPPED, guestStore(g.ctx, base + (8L << 20), 77).kind());
            g.as.read(base + (4L << 20), new byte[1 << 20], 0, 1 << 20); // read only: the zero page
            if (pagemapReadable()) {
                assertEquals(3 * 4096, g.as.residentBytes(base, len));
                assertEquals(4096, g.as.residentBytes(base + 0x5000, 4096), "one page of the range");
                assertEquals(2 * 4096, g.as.residentBytes(base + (1L << 20), len - (1L << 20)));
            } else {
                assertEquals(len, g.as.residentBytes(base, len));
            }
        }
    }

    private static boolean pagemapReadable() {
        try (HostMemory.PageMap pm = HostMemory.PageMap.open()) {
            return pm != null;
        }
    }

    @Test
    void copyPopulated_copiesEverythingNonZero_whateverThePagemapGranularity() {
        // A mapping written in a scattered pattern, then one page discarded: every byte must match.
        long len = 64L << 20;
        var src = HostMemory.map(len);
        var dst = HostMemory.map(len);
        try (HostMemory.PageMap pm = HostMemory.PageMap.open()) {
            for (long off = 0; off < len; off += 4096L * 37) {
                src.set(java.lang.foreign.ValueLayout.JAVA_LONG, off + 8, off + 1);
            }
            src.set(java.lang.foreign.ValueLayout.JAVA_BYTE, len - 1, (byte) 9);
            byte[] sink = new byte[4096];
            for (long off = 4096; off < len; off += 4096L * 5) { // reads map the host zero page
                java.lang.foreign.MemorySegment.copy(src, java.lang.foreign.ValueLayout.JAVA_BYTE, off, sink, 0, 4096);
            }
            HostMemory.discard(src.asSlice(0, 4096), 4096);
            long copied = HostMemory.copyPopulated(src, dst, len, pm);
            assertTrue(copied <= len);
            assertEquals(-1L, src.mismatch(dst));
        } finally {
            HostMemory.unmap(src, len);
            HostMemory.unmap(dst, len);
        }
    }

    // ---- registers across a fork ----

    /**
     * x86-64, r15 = DATA: mxcsr = 0x3f80 (round down); xmm3 = rbp:rbx; x87 stack pi, 1.0; CF = 1;
     * syscall 57. After it (at +0x2d): [r15+0x40] = rax, +0x50 = rcx, +0x58 = r11, +0x30 = rflags,
     * +0x10 = xmm3, +0x20 = st0, +0x28 = st1, +0x38 = mxcsr, +0x48 = fs:[0]; syscall 60.
     */
    private static final String X86_FORK = "41c78700020000803f0000 410fae9700020000 66480f6edb 66480f6ee5"
            + " 660f6cdc d9eb d9e8 f9 b839000000 0f05"
            + " 49894740 49894f50 4d895f58 9c 418f4730 f3410f7f5f10 41dd5f20 41dd5f28 410fae5f38"
            + " 64488b042500000000 49894748 b83c000000 0f05";
    private static final long X86_AFTER_FORK = CODE + 0x2d;

    @Test
    void x86_copyRegistersTo_insideSyscallHandler_childResumesAfterSyscallWithSameState() {
        try (Guest g = new Guest(Arch.X86_64, X86_FORK)) {
            String[] gprs = {"rbx", "rbp", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r12", "r13", "r14"};
            for (int i = 0; i < gprs.length; i++) {
                g.ctx.setRegister(gprs[i], 0x0102030405060708L * (i + 1) + i);
            }
            g.ctx.setRegister("r15", DATA);
            g.ctx.setRegister("gs_base", 0x12345000L);
            g.ctx.setTls(DATA + 0x800);
            g.as.writeLong(DATA + 0x800, 0xfeedfaceL);
            AddressSpace[] childSpace = new AddressSpace[1];
            ExecutionContext[] child = new ExecutionContext[1];
            long[] pcs = new long[2];
            List<Long> parentCalls = new ArrayList<>();
            StopReason r = g.ctx.run(c -> {
                long nr = c.register("rax");
                parentCalls.add(nr);
                if (nr == 57) {
                    childSpace[0] = c.addressSpace().copy();
                    child[0] = childSpace[0].createContext();
                    c.copyRegistersTo(child[0]);
                    child[0].setSyscallResult(2);
                    c.setSyscallResult(1);
                    pcs[0] = c.pc();
                    pcs[1] = child[0].pc();
                    return true;
                }
                return false;
            });
            try (AddressSpace cs = childSpace[0]) {
                assertEquals(Kind.STOPPED, r.kind());
                assertEquals(List.of(57L, 60L), parentCalls);
                assertEquals(X86_AFTER_FORK, pcs[0]);
                assertEquals(X86_AFTER_FORK, pcs[1], "child's pc before it runs");
                List<Long> childCalls = new ArrayList<>();
                StopReason cr = child[0].run(c -> {
                    childCalls.add(c.register("rax"));
                    return false;
                });
                assertEquals(Kind.STOPPED, cr.kind());
                assertEquals(r.address(), cr.address());
                assertEquals(List.of(60L), childCalls, "the child resumes after the fork syscall");
                for (String reg : List.of("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9",
                        "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags", "fs_base", "gs_base")) {
                    assertEquals(g.ctx.register(reg), child[0].register(reg), reg);
                }
                assertEquals(1, g.as.readLong(DATA + 0x40), "parent's own result in its memory");
                assertEquals(2, cs.readLong(DATA + 0x40), "child's own result in its memory");
                for (AddressSpace as : List.of(g.as, cs)) {
                    assertEquals(X86_AFTER_FORK, as.readLong(DATA + 0x50), "rcx after the syscall");
                    long r11 = as.readLong(DATA + 0x58);
                    assertEquals(1, r11 & 1, "r11 = rflags with CF");
                    assertEquals(r11 & 0xcd5, as.readLong(DATA + 0x30) & 0xcd5, "flags after the syscall");
                    assertEquals(0x0102030405060708L + 0, as.readLong(DATA + 0x10), "xmm3 low = rbx");
                    assertEquals(0x0102030405060708L * 2 + 1, as.readLong(DATA + 0x18), "xmm3 high = rbp");
                    assertEquals(1.0, Double.longBitsToDouble(as.readLong(DATA + 0x20)), "x87 st0");
                    assertEquals(Math.PI, Double.longBitsToDouble(as.readLong(DATA + 0x28)), 1e-15, "x87 st1");
                    assertEquals(0x3f80, as.readInt(DATA + 0x38), "mxcsr");
                    assertEquals(0xfeedfaceL, as.readLong(DATA + 0x48), "fs:[0]");
                }
            }
        }
    }

    @Test
    void x86_lazyFlagsAndDf_surviveTheCopy() {
        // std; xor eax, eax; cmp rax, 1 (CF SF AF PF); mov eax, 57; syscall; pushfq; pop [r15];
        // cld; mov eax, 60; syscall
        try (Guest g = new Guest(Arch.X86_64, "fd 31c0 4883f801 b839000000 0f05 9c 418f07 fc b83c000000 0f05")) {
            g.ctx.setRegister("r15", DATA);
            AddressSpace[] cs = new AddressSpace[1];
            ExecutionContext[] child = new ExecutionContext[1];
            g.ctx.run(c -> {
                if (c.register("rax") == 57) {
                    cs[0] = c.addressSpace().copy();
                    child[0] = cs[0].createContext();
                    c.copyRegistersTo(child[0]);
                    return true;
                }
                return false;
            });
            try (AddressSpace ignored = cs[0]) {
                child[0].run(c -> false);
                long parent = g.as.readLong(DATA);
                assertEquals(0x400 | 0x80 | 0x10 | 0x4 | 0x1, parent & 0xcd5, "DF SF AF PF CF");
                assertEquals(parent, cs[0].readLong(DATA));
                assertEquals(g.ctx.register("rflags"), child[0].register("rflags"));
            }
        }
    }

    /**
     * aarch64, x19 = DATA: v3 = x21:x20, FPCR = 0x400000 (round to +inf), FPSR = 0x10, NZCV = ZC;
     * svc 220. After it (+0x28): [x19+0x40] = x0, +0x30 = nzcv, +0x10 = q3, +0x20 = fpcr,
     * +0x28 = fpsr, +0x48 = [tpidr_el0]; svc 93.
     */
    private static final int[] ARM_FORK = {0x9e670283, 0x4e181ea3, 0xd2a00809, 0xd51b4409, 0xd2800209,
        0xd51b4429, 0xd2ac0009, 0xd51b4209, 0xd2801b88, 0xd4000001,
        0xf9002260, 0xd53b4209, 0xf9001a69, 0x3d800663, 0xd53b4409, 0xf9001269, 0xd53b4429, 0xf9001669,
        0xd53bd049, 0xf940012a, 0xf900266a, 0xd2800ba8, 0xd4000001};
    private static final long ARM_AFTER_FORK = CODE + 0x28;

    @Test
    void arm64_copyRegistersTo_insideSyscallHandler_childResumesAfterSvcWithSameState() {
        try (Guest g = new Guest(Arch.AARCH64, words(ARM_FORK))) {
            for (int i = 0; i <= 30; i++) {
                if (i != 19 && i != 8) {
                    g.ctx.setRegister("x" + i, 0x1000000000000001L * (i + 1) + i);
                }
            }
            g.ctx.setRegister("x19", DATA);
            g.ctx.setTls(DATA + 0x800);
            g.as.writeLong(DATA + 0x800, 0xfeedfaceL);
            AddressSpace[] childSpace = new AddressSpace[1];
            ExecutionContext[] child = new ExecutionContext[1];
            long[] pcs = new long[2];
            StopReason r = g.ctx.run(c -> {
                if (c.register("x8") == 220) {
                    childSpace[0] = c.addressSpace().copy();
                    child[0] = childSpace[0].createContext();
                    c.copyRegistersTo(child[0]);
                    child[0].setSyscallResult(2);
                    c.setSyscallResult(1);
                    pcs[0] = c.pc();
                    pcs[1] = child[0].pc();
                    return true;
                }
                return false;
            });
            try (AddressSpace cs = childSpace[0]) {
                assertEquals(Kind.STOPPED, r.kind());
                assertEquals(ARM_AFTER_FORK, pcs[0]);
                assertEquals(ARM_AFTER_FORK, pcs[1]);
                List<Long> childCalls = new ArrayList<>();
                StopReason cr = child[0].run(c -> {
                    childCalls.add(c.register("x8"));
                    return false;
                });
                assertEquals(r, cr);
                assertEquals(List.of(93L), childCalls);
                assertEquals(1, g.ctx.register("x0"));
                assertEquals(2, child[0].register("x0"));
                for (int i = 1; i <= 30; i++) {
                    assertEquals(g.ctx.register("x" + i), child[0].register("x" + i), "x" + i);
                }
                for (String reg : List.of("sp", "pc", "nzcv", "tpidr_el0")) {
                    assertEquals(g.ctx.register(reg), child[0].register(reg), reg);
                }
                assertEquals(1, g.as.readLong(DATA + 0x40));
                assertEquals(2, cs.readLong(DATA + 0x40));
                for (AddressSpace as : List.of(g.as, cs)) {
                    assertEquals(0x60000000L, as.readLong(DATA + 0x30), "nzcv");
                    assertEquals(0x1000000000000001L * 21 + 20, as.readLong(DATA + 0x10), "v3 low = x20");
                    assertEquals(0x1000000000000001L * 22 + 21, as.readLong(DATA + 0x18), "v3 high = x21");
                    assertEquals(0x400000L, as.readLong(DATA + 0x20), "fpcr");
                    assertEquals(0x10L, as.readLong(DATA + 0x28), "fpsr");
                    assertEquals(0xfeedfaceL, as.readLong(DATA + 0x48), "[tpidr_el0]");
                }
            }
        }
    }

    @Test
    void copyRegistersTo_aContextOfTheSameSpace_insideTheHandler_likeANewThread() {
        try (Guest g = new Guest(Arch.X86_64, X86_FORK)) {
            g.ctx.setRegister("r15", DATA);
            g.ctx.setRegister("rbx", 5);
            g.ctx.setTls(DATA + 0x800);
            ExecutionContext[] thread = new ExecutionContext[1];
            g.ctx.run(c -> {
                if (c.register("rax") == 57) {
                    thread[0] = c.addressSpace().createContext();
                    c.copyRegistersTo(thread[0]);
                    thread[0].setSyscallResult(0);
                    c.setSyscallResult(1);
                    return true;
                }
                return false;
            });
            assertEquals(1, g.as.readLong(DATA + 0x40));
            assertEquals(X86_AFTER_FORK, thread[0].pc());
            assertEquals(5, thread[0].register("rbx"));
            thread[0].run(c -> false);
            assertEquals(0, g.as.readLong(DATA + 0x40), "the thread shares the memory");
            assertEquals(g.ctx.register("rip"), thread[0].register("rip"));
        }
    }

    @Test
    void copyRegistersTo_rejectsAnotherArchitecture() {
        try (Guest x = new Guest(Arch.X86_64, "90"); Guest a = new Guest(Arch.AARCH64, "1f2003d5")) {
            assertThrows(IllegalArgumentException.class, () -> x.ctx.copyRegistersTo(a.ctx));
        }
    }

    // ---- engines on parallel threads ----

    /** x86-64 loop: rbx times { syscall 39 → r12 += rax; [r15] = r12 }; syscall 60. */
    private static final String X86_LOOP = "b827000000 0f05 4901c4 4d8927 48ffcb 75ee b83c000000 0f05";
    /** aarch64 loop: x21 times { svc 172 → x20 += x0; [x19] = x20 }; svc 93. */
    private static final int[] ARM_LOOP = {0xd2801588, 0xd4000001, 0x8b000294, 0xf9000274, 0xf10006b5,
        0x54ffff61, 0xd2800ba8, 0xd4000001};

    @Test
    void separateEngines_runInParallel_onTheirOwnThreads() throws Exception {
        int n = 300_000;
        int engines = 4;
        ExecutorService pool = Executors.newFixedThreadPool(engines);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int e = 0; e < engines; e++) {
                long id = 3 + e;
                boolean arm = (e & 1) == 1;
                Callable<long[]> task = () -> {
                    try (Guest g = arm ? new Guest(Arch.AARCH64, words(ARM_LOOP)) : new Guest(Arch.X86_64, X86_LOOP)) {
                        g.ctx.setRegister(arm ? "x19" : "r15", DATA);
                        g.ctx.setRegister(arm ? "x21" : "rbx", n);
                        long[] calls = new long[1];
                        TrapHandler h = c -> {
                            long[] args = new long[7];
                            c.readSyscall(args);
                            if (args[0] == (arm ? 93 : 60)) {
                                return false;
                            }
                            calls[0]++;
                            c.setSyscallResult(id);
                            return true;
                        };
                        StopReason r = g.ctx.run(h);
                        while (r.kind() == Kind.STOPPED && calls[0] < n) { // spurious stops are allowed
                            r = g.ctx.run(h);
                        }
                        return new long[] {calls[0], g.ctx.register(arm ? "x20" : "r12"), g.as.readLong(DATA)};
                    }
                };
                results.add(pool.submit(task));
            }
            for (int e = 0; e < engines; e++) {
                long id = 3 + e;
                long[] got = results.get(e).get(5, TimeUnit.MINUTES);
                assertArrayEquals(new long[] {n, id * n, id * n}, got, "engine " + e);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forkedChild_runsOnAnotherThread_whileTheParentRuns() throws Exception {
        int n = 200_000;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AddressSpace[] cs = new AddressSpace[1];
        try (Guest g = new Guest(Arch.X86_64, X86_LOOP)) {
            g.ctx.setRegister("r15", DATA);
            g.ctx.setRegister("rbx", n);
            // fork at the first syscall; the child starts on the pool thread at once, and both
            // loop in parallel, each with its own results and memory
            ExecutionContext[] child = new ExecutionContext[1];
            long[] parentCalls = new long[1];
            List<Future<Long>> childDone = new ArrayList<>();
            StopReason r = g.ctx.run(c -> {
                if (c.register("rax") == 60) {
                    return false;
                }
                if (parentCalls[0]++ == 0) {
                    cs[0] = c.addressSpace().copy();
                    child[0] = cs[0].createContext();
                    c.copyRegistersTo(child[0]);
                    child[0].setSyscallResult(7);
                    childDone.add(pool.submit(() -> {
                        long[] calls = {1};
                        StopReason cr = child[0].run(cc -> {
                            if (cc.register("rax") == 60) {
                                return false;
                            }
                            calls[0]++;
                            cc.setSyscallResult(7);
                            return true;
                        });
                        assertEquals(Kind.STOPPED, cr.kind());
                        return calls[0];
                    }));
                }
                c.setSyscallResult(5);
                return true;
            });
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(n, childDone.get(0).get(5, TimeUnit.MINUTES));
            assertEquals(n, parentCalls[0]);
            assertEquals(5L * n, g.ctx.register("r12"));
            assertEquals(5L * n, g.as.readLong(DATA));
            assertEquals(7L * n, child[0].register("r12"));
            assertEquals(7L * n, cs[0].readLong(DATA));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            if (cs[0] != null) {
                cs[0].close();
            }
        }
    }
}
