package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.Guest.CODE;
import static dev.zlx.cpu.unicorn.Guest.DATA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * readFpState/writeFpState in Linux's signal-frame layouts, inside the trap handler (registers
 * in the engine) and between runs after another context took the engine (registers in the
 * saved uc_context), checked against what guest code itself stores (fxsave, stp q, mrs).
 */
class FpStateTest {
    // x86-64 (as --64, Intel syntax):
    //   mov ebx, 0x600000; movdqu xmm0..xmm15, [rbx+16*i]; ldmxcsr [rbx+0x100];
    //   fninit; fld1; fldpi; fldz; fxsave [rbx+0x200]; syscall;
    //   fxsave [rbx+0x400]; stmxcsr [rbx+0x680]; fnstcw [rbx+0x684]; fnstsw [rbx+0x686];
    //   movdqu [rbx+0x600], xmm0; movdqu [rbx+0x610], xmm8; movdqu [rbx+0x620], xmm15;
    //   cvtsd2si rcx, xmm1; mov [rbx+0x688], rcx;
    //   fstp qword [rbx+0x700], [rbx+0x708], [rbx+0x710], [rbx+0x718]; fnstsw [rbx+0x720]; syscall
    private static final String X86_CODE = "bb00006000f30f6f03f30f6f4b10f30f6f5320f30f6f5b30f30f6f6340f30f6f6b50"
            + "f30f6f7360f30f6f7b70f3440f6f8380000000f3440f6f8b90000000f3440f6f93a0000000f3440f6f9bb0000000"
            + "f3440f6fa3c0000000f3440f6fabd0000000f3440f6fb3e0000000f3440f6fbbf00000000fae9300010000dbe3"
            + "d9e8d9ebd9ee0fae83000200000f050fae83000400000fae9b80060000d9bb84060000ddbb86060000"
            + "f30f7f8300060000f3440f7f8310060000f3440f7fbb20060000f2480f2dc948898b88060000"
            + "dd9b00070000dd9b08070000dd9b10070000dd9b18070000ddbb200700000f05";

    // aarch64: movz x1, #0x60, lsl #16; ldp q0..q31 from [x1]; ldr w2, [x1, #0x200]; msr fpcr, x2;
    //   ldr w2, [x1, #0x204]; msr fpsr, x2; svc #0; add x3, x1, #0x400; stp q0..q31 to [x3];
    //   mrs x2, fpsr; str w2, [x3, #0x200]; mrs x2, fpcr; str w2, [x3, #0x204];
    //   frinti d4, d5; str d4, [x3, #0x210]; svc #0
    private static final String ARM64_CODE = "010ca0d2200440ad220c41ad241442ad261c43ad282444ad2a2c45ad2c3446ad"
            + "2e3c47ad304448ad324c49ad34544aad365c4bad38644cad3a6c4dad3c744ead3e7c4fad220042b902441bd5"
            + "220442b922441bd5010000d423001091600400ad620c01ad641402ad661c03ad682404ad6a2c05ad6c3406ad"
            + "6e3c07ad704408ad724c09ad74540aad765c0bad78640cad7a6c0dad7c740ead7e7c0fad22443bd5620002b9"
            + "02443bd5620402b9a4c0671e640801fd010000d4";

    /** A second code page's address: just "syscall"/"svc #0", for a context that takes the engine. */
    private static final long OTHER = CODE + 0x800;

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] read(Guest g, long addr, int len) {
        byte[] b = new byte[len];
        g.as.read(addr, b, 0, len);
        return b;
    }

    private static void put80(byte[] image, int off, int exp, long mant) {
        le(image).putLong(off, mant).putShort(off + 8, (short) exp);
    }

    // ---- x86-64 ----

    private static byte[] x86InitialXmm() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    /** What the guest set before its first syscall: fxsave layout with known fields. */
    private static void assertX86Initial(byte[] s) {
        assertEquals(512, s.length);
        ByteBuffer b = le(s);
        assertEquals(0x37f, b.getShort(0) & 0xffff, "cwd");
        assertEquals(5 << 11, b.getShort(2) & 0xffff, "swd: TOP 5 after three loads");
        assertEquals(0xe0, b.getShort(4) & 0xffff, "abridged tag: R5, R6, R7 valid");
        assertEquals(0, b.getShort(6), "fop");
        assertEquals(0, b.getLong(8), "rip");
        assertEquals(0, b.getLong(16), "rdp");
        assertEquals(0x3f80, b.getInt(24), "mxcsr");
        assertEquals(0xffff, b.getInt(28), "mxcsr_mask");
        byte[] st = new byte[128];
        put80(st, 0, 0, 0); // ST0 = +0 (fldz)
        put80(st, 16, 0x4000, 0xc90fdaa22168c235L); // ST1 = pi
        put80(st, 32, 0x3fff, 0x8000000000000000L); // ST2 = 1
        assertArrayEquals(st, Arrays.copyOfRange(s, 32, 160), "st_space");
        assertArrayEquals(x86InitialXmm(), Arrays.copyOfRange(s, 160, 416), "xmm_space");
        assertArrayEquals(new byte[96], Arrays.copyOfRange(s, 416, 512), "padding");
    }

    /** The state the handler installs: TOP 4, four valid registers, new control words and xmm. */
    private static byte[] x86Modified() {
        byte[] m = new byte[512];
        ByteBuffer b = le(m);
        b.putShort(0, (short) 0x27f); // precision 53 bits
        b.putShort(2, (short) (4 << 11));
        b.putShort(4, (short) 0xf0); // R4..R7 valid
        b.putInt(24, 0x5f80); // rounding up
        b.putInt(28, 0xffff);
        put80(m, 32, 0x4001, 0xe000000000000000L); // ST0 = 7
        put80(m, 48, 0, 0); // ST1 = +0
        put80(m, 64, 0x4000, 0x8000000000000000L); // ST2 = 2
        put80(m, 80, 0x3fff, 0x8000000000000000L); // ST3 = 1
        for (int i = 0; i < 256; i++) {
            m[160 + i] = (byte) (0xa0 ^ i);
        }
        b.putDouble(160 + 16, 2.5); // xmm1 low = 2.5
        return m;
    }

    private static void assertX86AfterResume(Guest g, byte[] m) {
        assertArrayEquals(m, read(g, DATA + 0x400, 512), "the guest's own fxsave after resume");
        ByteBuffer d = le(read(g, DATA + 0x600, 0x128));
        assertEquals(0x5f80, d.getInt(0x80), "stmxcsr");
        assertEquals(0x27f, d.getShort(0x84) & 0xffff, "fnstcw");
        assertEquals(4 << 11, d.getShort(0x86) & 0xffff, "fnstsw");
        assertArrayEquals(Arrays.copyOfRange(m, 160, 176), Arrays.copyOfRange(d.array(), 0, 16), "xmm0");
        assertArrayEquals(Arrays.copyOfRange(m, 160 + 128, 176 + 128), Arrays.copyOfRange(d.array(), 16, 32), "xmm8");
        assertArrayEquals(Arrays.copyOfRange(m, 160 + 240, 176 + 240), Arrays.copyOfRange(d.array(), 32, 48), "xmm15");
        assertEquals(3, d.getLong(0x88), "cvtsd2si 2.5 under MXCSR.RC = up");
        assertEquals(7.0, d.getDouble(0x100));
        assertEquals(0.0, d.getDouble(0x108));
        assertEquals(2.0, d.getDouble(0x110));
        assertEquals(1.0, d.getDouble(0x118));
        assertEquals(0, d.getShort(0x120), "fnstsw after four pops: TOP 0");
    }

    private static Guest x86Guest() {
        Guest g = new Guest(Arch.X86_64, X86_CODE);
        byte[] xmm = x86InitialXmm();
        g.as.write(DATA, xmm, 0, xmm.length);
        g.as.writeInt(DATA + 0x100, 0x3f80); // rounding down
        byte[] other = Guest.hex("0f05");
        g.as.writeIgnoringProtection(OTHER, other, 0, other.length);
        return g;
    }

    @Test
    void x86_insideHandler_matchesGuestFxsave_andWriteIsSeenByGuest() {
        try (Guest g = x86Guest()) {
            byte[] m = x86Modified();
            int[] calls = {0};
            var r = g.ctx.run(c -> {
                if (calls[0]++ > 0) {
                    return false;
                }
                byte[] s = c.readFpState();
                assertArrayEquals(read(g, DATA + 0x200, 512), s, "readFpState = the guest's fxsave, byte for byte");
                assertX86Initial(s);
                c.writeFpState(s);
                assertArrayEquals(s, c.readFpState(), "read → write → read");
                c.writeFpState(m);
                assertArrayEquals(m, c.readFpState());
                return true;
            });
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(2, calls[0]);
            assertX86AfterResume(g, m);
        }
    }

    @Test
    void x86_betweenRuns_onSavedContext() {
        try (Guest g = x86Guest()) {
            assertEquals(Kind.STOPPED, g.ctx.run(c -> false).kind());
            byte[] inEngine = g.ctx.readFpState();
            assertX86Initial(inEngine);
            // Another context takes the engine: g.ctx's registers go to its saved blob.
            ExecutionContext other = g.as.createContext();
            other.setPc(OTHER);
            assertEquals(Kind.STOPPED, other.run(c -> false).kind());
            byte[] saved = g.ctx.readFpState();
            assertArrayEquals(inEngine, saved);
            g.ctx.writeFpState(saved);
            assertArrayEquals(saved, g.ctx.readFpState(), "read → write → read on the blob");
            byte[] m = x86Modified();
            g.ctx.writeFpState(m);
            assertArrayEquals(m, g.ctx.readFpState());
            // The other context (in the engine) keeps the start state.
            ByteBuffer o = le(other.readFpState());
            assertEquals(0x37f, o.getShort(0));
            assertEquals(0, o.getShort(2));
            assertEquals(0, o.getShort(4));
            assertEquals(0x1f80, o.getInt(24));
            assertEquals(Kind.STOPPED, g.ctx.run(c -> false).kind());
            assertX86AfterResume(g, m);
        }
    }

    @Test
    void x86_freshContext_hasLinuxStartState_andMxcsrOutsideMaskIsDropped() {
        try (Guest g = x86Guest()) {
            byte[] s = g.ctx.readFpState();
            byte[] expected = new byte[512];
            le(expected).putShort(0, (short) 0x37f).putInt(24, 0x1f80).putInt(28, 0xffff);
            assertArrayEquals(expected, s);
            le(s).putInt(24, 0x12345f80);
            g.ctx.writeFpState(s);
            assertEquals(0x5f80, le(g.ctx.readFpState()).getInt(24));
            assertThrows(IllegalArgumentException.class, () -> g.ctx.writeFpState(new byte[528]));
            assertThrows(IllegalArgumentException.class, () -> g.ctx.writeFpState(null));
        }
    }

    @Test
    void abridgedTag_conversions() {
        assertEquals(0, FpStateCodec.abridgedTag(0xffff));
        assertEquals(0xff, FpStateCodec.abridgedTag(0));
        assertEquals(0xe0, FpStateCodec.abridgedTag(0x1 << 10 | 0x2 << 12 | 0x0 << 14 | 0x03ff));
        assertEquals(0x03ff, FpStateCodec.fullTag(0xe0));
        assertEquals(0xffff, FpStateCodec.fullTag(0));
    }

    // ---- aarch64 ----

    private static final int ARM_FPCR = 0x00c00000; // RMode = round toward zero
    private static final int ARM_FPSR = 0x0800001f; // QC and the cumulative exception flags

    private static byte[] armInitialV() {
        byte[] b = new byte[512];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    private static Guest armGuest() {
        Guest g = new Guest(Arch.AARCH64, ARM64_CODE);
        byte[] v = armInitialV();
        g.as.write(DATA, v, 0, v.length);
        g.as.writeInt(DATA + 0x200, ARM_FPCR);
        g.as.writeInt(DATA + 0x204, ARM_FPSR);
        byte[] other = Guest.hex(Guest.words(0xd4000001));
        g.as.writeIgnoringProtection(OTHER, other, 0, other.length);
        return g;
    }

    private static void assertArmInitial(byte[] s) {
        assertEquals(528, s.length);
        assertArrayEquals(armInitialV(), Arrays.copyOfRange(s, 0, 512), "vregs");
        assertEquals(ARM_FPSR, le(s).getInt(512), "fpsr");
        assertEquals(ARM_FPCR, le(s).getInt(516), "fpcr");
        assertEquals(0, le(s).getLong(520), "reserved");
    }

    private static byte[] armModified() {
        byte[] m = new byte[528];
        for (int i = 0; i < 512; i++) {
            m[i] = (byte) (0xa5 ^ i);
        }
        le(m).putDouble(5 * 16, 2.5); // d5 = 2.5
        le(m).putInt(512, 0x10); // FPSR.IXC
        le(m).putInt(516, 0x00400000); // RMode = round toward +inf
        return m;
    }

    private static void assertArmAfterResume(Guest g, byte[] m) {
        byte[] d = read(g, DATA + 0x400, 0x218);
        assertArrayEquals(Arrays.copyOfRange(m, 0, 512), Arrays.copyOfRange(d, 0, 512), "v0–v31 stored by the guest");
        assertEquals(0x10, le(d).getInt(0x200), "mrs fpsr");
        assertEquals(0x00400000, le(d).getInt(0x204), "mrs fpcr");
        assertEquals(3.0, le(d).getDouble(0x210), "frinti 2.5 under FPCR.RMode = +inf");
    }

    @Test
    void arm64_insideHandler_readsGuestValues_andWriteIsSeenByGuest() {
        try (Guest g = armGuest()) {
            byte[] m = armModified();
            int[] calls = {0};
            var r = g.ctx.run(c -> {
                if (calls[0]++ > 0) {
                    return false;
                }
                byte[] s = c.readFpState();
                assertArmInitial(s);
                c.writeFpState(s);
                assertArrayEquals(s, c.readFpState(), "read → write → read");
                c.writeFpState(m);
                assertArrayEquals(m, c.readFpState());
                return true;
            });
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(2, calls[0]);
            assertArmAfterResume(g, m);
        }
    }

    @Test
    void arm64_betweenRuns_onSavedContext() {
        try (Guest g = armGuest()) {
            assertEquals(Kind.STOPPED, g.ctx.run(c -> false).kind());
            assertArmInitial(g.ctx.readFpState());
            ExecutionContext other = g.as.createContext();
            other.setPc(OTHER);
            assertEquals(Kind.STOPPED, other.run(c -> false).kind());
            byte[] saved = g.ctx.readFpState();
            assertArmInitial(saved);
            g.ctx.writeFpState(saved);
            assertArrayEquals(saved, g.ctx.readFpState());
            byte[] m = armModified();
            g.ctx.writeFpState(m);
            assertArrayEquals(m, g.ctx.readFpState());
            assertArrayEquals(new byte[528], other.readFpState(), "the other context keeps its zero start state");
            assertEquals(Kind.STOPPED, g.ctx.run(c -> false).kind());
            assertArmAfterResume(g, m);
            assertThrows(IllegalArgumentException.class, () -> g.ctx.writeFpState(new byte[512]));
        }
    }
}
