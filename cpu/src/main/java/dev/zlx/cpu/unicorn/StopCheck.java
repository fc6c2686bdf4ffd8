package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How another thread stops a running engine exactly: a UC_HOOK_BLOCK over every address that,
 * at the start of each translation block, ends the run if the engine's stop flag is set.
 *
 * <p>Why not uc_emu_stop from the other thread: Unicorn 2.0.1 then leaves the guest PC where the
 * last instruction that synchronised it left it (QEMU skips the PC fix-up of a TB exit when a
 * stop was requested, and chained blocks do not write it), so the next run repeats instructions
 * — measured: 1728 of 2000 such stops of a store-and-count loop resumed at a stale PC. Inside a
 * block hook Unicorn has just set the PC to the block's start, and a uc_emu_stop issued there
 * ends the run before the block's first instruction (0 of 2000 inexact on both architectures;
 * HandoverTest's exactness test keeps it so).
 *
 * <p>The hook runs at every block, so its cost matters. On x86-64 Linux hosts it is eight
 * instructions of host machine code (load the flag, return if clear, else tail-call
 * uc_emu_stop), no measurable cost; elsewhere a Java upcall, about 20 ns per block (measured on
 * a 3-instruction loop, see docs/PERFORMANCE.md).
 */
final class StopCheck {
    private static final VarHandle FLAG = JAVA_INT.varHandle();

    private final MemorySegment flag;

    private StopCheck(MemorySegment flag) {
        this.flag = flag;
    }

    /** Installs the hook on the engine; the flag lives in the engine's arena. */
    static StopCheck install(Uc uc) {
        return install(uc, true);
    }

    /** As {@link #install(Uc)}; without allowNative the Java upcall is used (tests of that path). */
    static StopCheck install(Uc uc, boolean allowNative) {
        MemorySegment flag = uc.arena().allocate(JAVA_INT);
        StopCheck check = new StopCheck(flag);
        MemorySegment callback = allowNative && NativeHook.CODE != null ? NativeHook.CODE : uc.codeStub(check::javaHook);
        uc.hookAdd(UcConst.UC_HOOK_BLOCK, callback, flag, 1, 0);
        return check;
    }

    /** Asks the run in progress (or the next one) to stop at its next block; any thread. */
    void request() {
        FLAG.setVolatile(flag, 0L, 1);
    }

    /** Withdraws a request (by the run's own thread, once the run has ended). */
    void clear() {
        FLAG.setVolatile(flag, 0L, 0);
    }

    /** The portable hook body: an upcall per block. */
    private void javaHook(MemorySegment uc, long address, int size, MemorySegment user) {
        if ((int) FLAG.getVolatile(flag, 0L) != 0) {
            try {
                Uc.emuStopRaw(uc);
            } catch (Throwable ignored) {
                // Inside the hook the engine is running: uc_emu_stop cannot fail; never throw here.
            }
        }
    }

    /** The x86-64 host machine code of the hook, or null on other hosts (and where it cannot be mapped). */
    private static final class NativeHook {
        static final MemorySegment CODE = build();

        private static MemorySegment build() {
            String arch = System.getProperty("os.arch");
            if (!System.getProperty("os.name").equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                return null;
            }
            // void hook(uc_engine *uc /*rdi*/, uint64_t address, uint32_t size, void *flag /*rcx*/)
            ByteBuffer code = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            code.put(new byte[] {
                (byte) 0x8b, 0x01,              // mov eax, [rcx]
                (byte) 0x85, (byte) 0xc0,       // test eax, eax
                0x75, 0x01,                     // jnz stop
                (byte) 0xc3,                    // ret
                0x48, (byte) 0xb8,              // stop: mov rax, imm64 (uc_emu_stop; rdi is still uc)
            });
            code.putLong(Uc.emuStopAddress().address());
            code.put(new byte[] {(byte) 0xff, (byte) 0xe0}); // jmp rax
            byte[] bytes = new byte[code.position()];
            code.flip().get(bytes);
            try {
                return HostMemory.mapCode(bytes);
            } catch (dev.zlx.cpu.CpuException noExecutableMemory) {
                // A host that refuses executable mappings (W^X policies) gets the Java upcall.
                return null;
            }
        }
    }
}
