package dev.zlx.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.StopReason.Kind;
import org.junit.jupiter.api.Test;

class EnginePoolTest {
    /** mov eax, N; hlt (hlt ends the run as exception 13). */
    private static String x86SetRax(int n) {
        return "b8" + String.format("%02x", n) + "000000 f4";
    }

    /** movz x0, #N; brk #0. */
    private static String armSetX0(int n) {
        return Guest.words(0xd2800000 | (n << 5), 0xd4200000);
    }

    private static Uc engineOf(Guest g) {
        return ((UnicornAddressSpace) g.as).uc;
    }

    @Test
    void x86_keptEngine_runsTheNewProgram_notTheOldTranslation() {
        Uc first;
        try (Guest a = new Guest(Arch.X86_64, x86SetRax(1))) {
            assertEquals(Kind.EXCEPTION, a.ctx.run(c -> false).kind());
            assertEquals(1, a.ctx.register("rax"));
            first = engineOf(a);
        }
        try (Guest b = new Guest(Arch.X86_64, x86SetRax(2))) {
            assertSame(first, engineOf(b), "the closed space's engine is taken again");
            assertEquals(0, b.ctx.register("rax"), "registers start from the pristine state, not the old run's");
            assertEquals(Kind.EXCEPTION, b.ctx.run(c -> false).kind());
            assertEquals(2, b.ctx.register("rax"), "code at the same address, translated anew");
            assertEquals(0, b.as.readLong(Guest.DATA), "no memory of the old space");
        }
    }

    @Test
    void arm64_keptEngine_runsTheNewProgram_notTheOldTranslation() {
        Uc first;
        try (Guest a = new Guest(Arch.AARCH64, armSetX0(1))) {
            assertEquals(Kind.EXCEPTION, a.ctx.run(c -> false).kind());
            assertEquals(1, a.ctx.register("x0"));
            first = engineOf(a);
        }
        try (Guest b = new Guest(Arch.AARCH64, armSetX0(2))) {
            assertSame(first, engineOf(b));
            assertEquals(Kind.EXCEPTION, b.ctx.run(c -> false).kind());
            assertEquals(2, b.ctx.register("x0"));
        }
    }

    @Test
    void engineWithADebuggersHook_isClosedNotKept() {
        Uc hooked;
        try (Guest a = new Guest(Arch.X86_64, x86SetRax(1))) {
            ((UnicornAddressSpace) a.as).addCodeHook(Guest.CODE, Guest.CODE + 16, (address, size) -> { });
            hooked = engineOf(a);
        }
        try (Guest b = new Guest(Arch.X86_64, x86SetRax(3))) {
            assertNotSame(hooked, engineOf(b));
            assertEquals(Kind.EXCEPTION, b.ctx.run(c -> false).kind());
            assertEquals(3, b.ctx.register("rax"), "no hook of the closed engine runs here");
        }
    }

    @Test
    void poolIsBounded_andAnEngineIsRetiredAfterItsUses() {
        Guest[] open = new Guest[EnginePool.MAX_IDLE + 2];
        for (int i = 0; i < open.length; i++) {
            open[i] = new Guest(Arch.X86_64, x86SetRax(1));
        }
        for (Guest g : open) {
            g.close();
        }
        assertEquals(EnginePool.MAX_IDLE, EnginePool.idle(UnicornArch.X86_64));

        java.util.Set<Uc> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < UnicornEngine.MAX_USES * (EnginePool.MAX_IDLE + 1) + 1; i++) {
            try (Guest g = new Guest(Arch.X86_64, x86SetRax(i & 0x7f))) {
                assertEquals(Kind.EXCEPTION, g.ctx.run(c -> false).kind());
                assertEquals(i & 0x7f, g.ctx.register("rax"));
                seen.add(engineOf(g));
            }
        }
        assertTrue(seen.size() > EnginePool.MAX_IDLE, "engines are retired after MAX_USES spaces: " + seen.size());
    }
}
