package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.Guest.CODE;
import static dev.zlx.cpu.unicorn.Guest.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.StopReason.Kind;
import org.junit.jupiter.api.Test;

class Arm64ContextTest {
    private static final int SVC0 = 0xd4000001; // svc #0

    private static Guest guest(int... insns) {
        return new Guest(Arch.AARCH64, words(insns));
    }

    @Test
    void svc_passesNumberAndSixArgs_andSetsX0() {
        // svc #0; mov x19, x0; svc #0
        try (Guest g = guest(SVC0, 0xaa0003f3, SVC0)) {
            g.ctx.setRegister("x8", 64);
            for (int i = 0; i < 6; i++) {
                g.ctx.setRegister("x" + i, 10 + i);
            }
            long[] first = new long[7];
            long[] pcInHandler = new long[1];
            int[] n = {0};
            StopReason r = g.ctx.run(c -> {
                if (n[0]++ == 0) {
                    c.readSyscall(first);
                    pcInHandler[0] = c.pc();
                    c.setSyscallResult(-2);
                    return true;
                }
                return false;
            });
            assertArrayEquals(new long[] {64, 10, 11, 12, 13, 14, 15}, first);
            assertEquals(CODE + 4, pcInHandler[0]);
            assertEquals(-2, g.ctx.register("x19"));
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(CODE + 12, r.address());
        }
    }

    @Test
    void handlerReturningFalse_nextRunResumesAfterSvc() {
        // svc #0; mov x19, x0; svc #0
        try (Guest g = guest(SVC0, 0xaa0003f3, SVC0)) {
            assertEquals(CODE + 4, g.ctx.run(c -> false).address());
            g.ctx.setSyscallResult(77);
            assertEquals(CODE + 12, g.ctx.run(c -> false).address());
            assertEquals(77, g.ctx.register("x19"));
        }
    }

    @Test
    void setPc_insideHandler_resumesThere() {
        // 0: svc; 4: mov x19, x0 (skipped); 8: svc
        try (Guest g = guest(SVC0, 0xaa0003f3, SVC0)) {
            g.ctx.setRegister("x0", 5);
            int[] n = {0};
            StopReason r = g.ctx.run(c -> {
                if (n[0]++ == 0) {
                    c.setPc(CODE + 8);
                    return true;
                }
                return false;
            });
            assertEquals(CODE + 12, r.address());
            assertEquals(0, g.ctx.register("x19"));
        }
    }

    @Test
    void brk_isExceptionWithQemuNumber() {
        try (Guest g = guest(0xd4200000)) { // brk #0
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.EXCEPTION, r.kind());
            assertEquals(7, r.detail()); // EXCP_BKPT
        }
    }

    @Test
    void udf_isIllegalInstruction() {
        try (Guest g = guest(0xd503201f, 0x00000000)) { // nop; udf #0
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.ILLEGAL_INSTRUCTION, r.kind());
            assertEquals(CODE + 4, r.address());
        }
    }

    @Test
    void fpAndSimd_execute() {
        // fmov d0, #1.0; fadd d1, d0, d0; fmov x0, d1; dup v2.4s, w2; add v3.4s, v2.4s, v2.4s;
        // umov x1, v3.d[0]; svc #0
        try (Guest g = guest(0x1e6e1000, 0x1e602801, 0x9e660020, 0x4e040c42, 0x4ea28443, 0x4e083c61, SVC0)) {
            g.ctx.setRegister("x2", 5);
            StopReason r = g.ctx.run(c -> false);
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(Double.doubleToLongBits(2.0), g.ctx.register("x0"));
            assertEquals(0x0000000a0000000aL, g.ctx.register("x1"));
        }
    }

    @Test
    void tpidrEl0_unalignedLoads_andHighAddresses_work() {
        // mrs x0, tpidr_el0; ldr x1, [x0]; svc #0 — code and data near 2^48
        try (AddressSpace as = Guest.BACKEND.createAddressSpace(Arch.AARCH64)) {
            long high = 0xffff_f000_0000L;
            as.map(high, 0x2000, Guest.R | Guest.W | Guest.X);
            byte[] code = Guest.hex(words(0xd53bd040, 0xf9400001, SVC0));
            as.write(high, code, 0, code.length);
            as.writeLong(high + 0x1003, 0x1122334455667788L);
            ExecutionContext ctx = as.createContext();
            ctx.setPc(high);
            ctx.setTls(high + 0x1003);
            assertEquals(Kind.STOPPED, ctx.run(c -> false).kind());
            assertEquals(0x1122334455667788L, ctx.register("x1"));
            assertEquals(high + 0x1003, ctx.register("tpidr_el0"));
        }
    }

    @Test
    void unmappedStore_reportsAddress() {
        try (Guest g = guest(0xf9000401)) { // str x1, [x0, #8]
            g.ctx.setRegister("x0", 0x7000_0000L);
            assertEquals(new StopReason(Kind.UNMAPPED, 0x7000_0008L, StopReason.ACCESS_WRITE, null), g.ctx.run(c -> true));
        }
    }

    @Test
    void twoContexts_keepSeparateTpidr() {
        // mrs x0, tpidr_el0; svc #0; b .-8
        try (Guest g = guest(0xd53bd040, SVC0, 0x17fffffe)) {
            ExecutionContext a = g.ctx;
            ExecutionContext b = g.as.createContext();
            b.setPc(CODE);
            a.setTls(0xaaaa);
            b.setTls(0xbbbb);
            for (int i = 0; i < 200; i++) {
                ExecutionContext c = (i & 1) == 0 ? a : b;
                c.run(x -> false);
                assertEquals((i & 1) == 0 ? 0xaaaa : 0xbbbb, c.register("x0"));
            }
        }
    }
}
