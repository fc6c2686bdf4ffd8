package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.Guest.CODE;
import static dev.zlx.cpu.unicorn.Guest.DATA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.CpuException;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.StopReason.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class X86ContextTest {
    private static Guest guest(String code) {
        return new Guest(Arch.X86_64, code);
    }

    @Test
    void syscall_passesSixArgs_setsResult_andRcxR11() {
        // syscall; mov rbx, rax; syscall
        try (Guest g = guest("0f05 4889c3 0f05")) {
            String[] regs = {"rax", "rdi", "rsi", "rdx", "r10", "r8", "r9"};
            for (int i = 0; i < regs.length; i++) {
                g.ctx.setRegister(regs[i], 100 + i);
            }
            g.ctx.setRegister("rflags", 0x246);
            List<long[]> seen = new ArrayList<>();
            long[] rcxR11 = new long[3];
            StopReason r = g.ctx.run(c -> {
                long[] args = new long[7];
                c.readSyscall(args);
                seen.add(args);
                if (seen.size() == 1) {
                    rcxR11[0] = c.register("rcx");
                    rcxR11[1] = c.register("r11");
                    rcxR11[2] = c.pc();
                    c.setSyscallResult(42);
                    return true;
                }
                return false;
            });
            assertEquals(Kind.STOPPED, r.kind());
            assertArrayEquals(new long[] {100, 101, 102, 103, 104, 105, 106}, seen.get(0));
            assertEquals(CODE + 2, rcxR11[0], "rcx = address after syscall");
            assertEquals(0x246, rcxR11[1] & 0xfff, "r11 = rflags");
            assertEquals(CODE + 2, rcxR11[2], "pc() in the handler = address after syscall");
            assertEquals(42, g.ctx.register("rbx"));
            assertEquals(CODE + 7, r.address());
            assertEquals(CODE + 7, g.ctx.pc());
        }
    }

    @Test
    void syscall_rcxR11_reachTheGuest_whenTheHandlerOnlySetsTheResult() {
        // syscall; mov rbx, rcx; mov rdx, r11; syscall
        try (Guest g = guest("0f05 4889cb 4c89da 0f05")) {
            g.ctx.setRegister("rflags", 0x246);
            int[] calls = {0};
            StopReason r = g.ctx.run(c -> {
                if (calls[0]++ == 0) {
                    c.setSyscallResult(42); // RCX and R11 go to the engine with the result
                    return true;
                }
                return false; // no result: they go at the handler's end
            });
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(42, g.ctx.register("rax"));
            assertEquals(CODE + 2, g.ctx.register("rbx"), "rcx = address after the first syscall");
            assertEquals(0x246, g.ctx.register("rdx") & 0xfff, "r11 = rflags");
            assertEquals(CODE + 10, g.ctx.register("rcx"), "rcx after the second syscall, which set no result");
        }
    }

    @Test
    void handlerReturningFalse_stops_andNextRunResumesAfterSyscall() {
        // syscall; mov rbx, 7; syscall
        try (Guest g = guest("0f05 48c7c307000000 0f05")) {
            StopReason first = g.ctx.run(c -> false);
            assertEquals(Kind.STOPPED, first.kind());
            assertEquals(CODE + 2, first.address());
            assertEquals(0, g.ctx.register("rbx"));
            g.ctx.setSyscallResult(-4); // a blocking syscall finishing between runs
            StopReason second = g.ctx.run(c -> false);
            assertEquals(CODE + 11, second.address());
            assertEquals(7, g.ctx.register("rbx"));
            assertEquals(-4, g.ctx.register("rax"));
        }
    }

    @Test
    void setPc_insideHandler_resumesThere() {
        // 0: syscall; 2: mov rbx, 1; 9: syscall; 11: mov rbx, 2; 18: syscall
        try (Guest g = guest("0f05 48c7c301000000 0f05 48c7c302000000 0f05")) {
            int[] n = {0};
            StopReason r = g.ctx.run(c -> {
                if (n[0]++ == 0) {
                    c.setPc(CODE + 11);
                    return true;
                }
                return false;
            });
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(CODE + 20, r.address());
            assertEquals(2, g.ctx.register("rbx"));
        }
    }

    @Test
    void setPc_insideHandlerThatStops_takesEffect() {
        // 0: syscall; 2: mov rbx, 1; 9: hlt; 10: mov rbx, 2; 17: syscall
        try (Guest g = guest("0f05 48c7c301000000 f4 48c7c302000000 0f05")) {
            StopReason r = g.ctx.run(c -> {
                c.setPc(CODE + 10);
                return false;
            });
            assertEquals(CODE + 10, r.address());
            assertEquals(CODE + 10, g.ctx.pc());
            g.ctx.run(c -> false);
            assertEquals(2, g.ctx.register("rbx"));
        }
    }

    @Test
    void unmappedRead_reportsAddressAndKind() {
        // mov rax, [rdi]
        try (Guest g = guest("488b07")) {
            g.ctx.setRegister("rdi", 0x7000_0000L);
            StopReason r = g.ctx.run(c -> true);
            assertEquals(new StopReason(Kind.UNMAPPED, 0x7000_0000L, StopReason.ACCESS_READ, null), r);
            assertEquals(CODE, g.ctx.pc());
        }
    }

    @Test
    void unmappedWrite_reportsAddressAndKind() {
        // mov [rdi], rax
        try (Guest g = guest("488907")) {
            g.ctx.setRegister("rdi", 0x7000_0010L);
            assertEquals(new StopReason(Kind.UNMAPPED, 0x7000_0010L, StopReason.ACCESS_WRITE, null), g.ctx.run(c -> true));
        }
    }

    @Test
    void unmappedFetch_reportsAddressAndKind() {
        // jmp rdi
        try (Guest g = guest("ffe7")) {
            g.ctx.setRegister("rdi", 0x7000_0000L);
            assertEquals(new StopReason(Kind.UNMAPPED, 0x7000_0000L, StopReason.ACCESS_FETCH, null), g.ctx.run(c -> true));
        }
    }

    @Test
    void fetchFromNonExecutable_isProtectionFault() {
        try (Guest g = guest("ffe7")) {
            g.ctx.setRegister("rdi", DATA);
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.PROTECTION, r.kind());
            assertEquals(StopReason.ACCESS_FETCH, r.detail());
            assertEquals(DATA, r.address());
        }
    }

    @Test
    void writeAfterProtectReadOnly_isProtectionFault() {
        // mov [rdi], rax
        try (Guest g = guest("488907")) {
            g.as.protect(DATA, 0x1000, Guest.R);
            g.ctx.setRegister("rdi", DATA + 8);
            assertEquals(new StopReason(Kind.PROTECTION, DATA + 8, StopReason.ACCESS_WRITE, null), g.ctx.run(c -> true));
        }
    }

    @Test
    void ud2_isIllegalInstructionAtItsAddress() {
        try (Guest g = guest("90 0f0b")) {
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.ILLEGAL_INSTRUCTION, r.kind());
            assertEquals(CODE + 1, r.address());
        }
    }

    @Test
    void int3_isException3() {
        try (Guest g = guest("cc")) {
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.EXCEPTION, r.kind());
            assertEquals(3, r.detail());
        }
    }

    @Test
    void int80_isException0x80() {
        try (Guest g = guest("cd80")) {
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.EXCEPTION, r.kind());
            assertEquals(0x80, r.detail());
        }
    }

    @Test
    void divideByZero_isException0() {
        // mov ebx, 0; div ebx
        try (Guest g = guest("bb00000000 f7f3")) {
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.EXCEPTION, r.kind());
            assertEquals(0, r.detail());
        }
    }

    @Test
    void hlt_isGeneralProtection() {
        try (Guest g = guest("f4")) {
            StopReason r = g.ctx.run(c -> true);
            assertEquals(Kind.EXCEPTION, r.kind());
            assertEquals(13, r.detail());
        }
    }

    @Test
    void interrupt_stopsSpinningLoopFromAnotherThread() throws Exception {
        // jmp .
        try (Guest g = guest("ebfe")) {
            CompletableFuture<StopReason> run = CompletableFuture.supplyAsync(() -> g.ctx.run(c -> true));
            Thread.sleep(50);
            g.ctx.interrupt();
            StopReason r = run.get(10, TimeUnit.SECONDS);
            assertEquals(Kind.STOPPED, r.kind());
            assertEquals(CODE, r.address());
        }
    }

    @Test
    void interrupt_beforeRun_isNotLost() {
        try (Guest g = guest("ebfe")) {
            g.ctx.interrupt();
            assertEquals(Kind.STOPPED, g.ctx.run(c -> true).kind());
        }
    }

    @Test
    void interrupt_racingWithRunStart_alwaysStops() throws Exception {
        try (Guest g = guest("ebfe")) {
            for (int i = 0; i < 200; i++) {
                CompletableFuture<StopReason> run = CompletableFuture.supplyAsync(() -> g.ctx.run(c -> true));
                g.ctx.interrupt();
                assertEquals(Kind.STOPPED, run.get(10, TimeUnit.SECONDS).kind());
            }
        }
    }

    @Test
    void twoContexts_keepSeparateTlsAndRegisters() {
        // 0: mov rax, fs:[0]; 9: syscall; 11: jmp 0
        try (Guest g = guest("64488b042500000000 0f05 ebf3")) {
            g.as.writeLong(DATA, 111);
            g.as.writeLong(DATA + 0x100, 222);
            ExecutionContext a = g.ctx;
            ExecutionContext b = g.as.createContext();
            assertEquals(0, b.pc());
            b.setPc(CODE);
            a.setTls(DATA);
            b.setTls(DATA + 0x100);
            a.setRegister("r12", 1);
            b.setRegister("r12", 2);
            for (int i = 0; i < 1000; i++) {
                ExecutionContext c = (i & 1) == 0 ? a : b;
                long[] args = new long[7];
                c.run(x -> {
                    x.readSyscall(args);
                    return false;
                });
                assertEquals((i & 1) == 0 ? 111 : 222, args[0]);
            }
            assertEquals(DATA, a.tls());
            assertEquals(DATA + 0x100, b.tls());
            assertEquals(1, a.register("r12"));
            assertEquals(2, b.register("r12"));
            assertEquals(CODE + 11, b.register("rip"));
        }
    }

    @Test
    void invalidateCode_makesRewrittenCodeVisible() {
        // mov eax, 1; syscall; jmp back to 0 (eb f7)
        try (Guest g = guest("b801000000 0f05 ebf7")) {
            long[] nr = new long[7];
            g.ctx.run(c -> {
                c.readSyscall(nr);
                return false;
            });
            assertEquals(1, nr[0]);
            g.as.writeIgnoringProtection(CODE + 1, new byte[] {2}, 0, 1);
            g.as.invalidateCode(CODE, 0x1000);
            g.ctx.run(c -> { // runs the jmp, then the rewritten mov
                c.readSyscall(nr);
                return false;
            });
            assertEquals(2, nr[0]);
        }
    }

    @Test
    void codeHook_seesEachInstructionInRange() {
        // nop; nop; nop; syscall
        try (Guest g = guest("909090 0f05")) {
            UnicornAddressSpace as = (UnicornAddressSpace) g.as;
            List<Long> pcs = new ArrayList<>();
            long hook = as.addCodeHook(CODE, CODE + 2, (pc, size) -> pcs.add(pc));
            g.ctx.run(c -> false);
            assertEquals(List.of(CODE, CODE + 1, CODE + 2), pcs);
            as.removeHook(hook);
            g.ctx.setPc(CODE);
            g.ctx.run(c -> false);
            assertEquals(3, pcs.size());
        }
    }

    @Test
    void codeHookThrowing_endsRunWithCpuException() {
        try (Guest g = guest("909090 0f05")) {
            ((UnicornAddressSpace) g.as).addCodeHook(CODE, CODE, (pc, size) -> {
                throw new IllegalStateException("boom");
            });
            assertThrows(CpuException.class, () -> g.ctx.run(c -> false));
        }
    }

    @Test
    void trapHandlerThrowing_endsRunWithCpuException_andJvmSurvives() {
        try (Guest g = guest("0f05 0f05")) {
            CpuException e = assertThrows(CpuException.class, () -> g.ctx.run(c -> {
                throw new IllegalStateException("handler bug");
            }));
            assertTrue(e.getMessage().contains("handler bug"));
        }
    }

    @Test
    void registerNames_unknownIsRejected() {
        try (Guest g = guest("90")) {
            assertThrows(IllegalArgumentException.class, () -> g.ctx.register("eax"));
            g.ctx.setRegister("gs_base", 0x1234);
            assertEquals(0x1234, g.ctx.register("gs_base"));
        }
    }
}
