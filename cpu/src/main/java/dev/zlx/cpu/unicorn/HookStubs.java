package dev.zlx.cpu.unicorn;

import java.lang.foreign.MemorySegment;

/**
 * The upcall stubs of the always-installed hooks, made once per JVM and shared by every engine:
 * each finds its engine's {@link Hooks} by the slot passed as user_data ({@link HookSlots}). A
 * stub per engine cost every fork and exec a new stub, a new bound method handle and the JIT's
 * work to compile both again (a third of the CPU time of a fork+exec loop). Each stub is made on
 * first use (holder classes), so an aarch64 run makes no x86 stub.
 */
final class HookStubs {
    private HookStubs() {
    }

    static MemorySegment interrupt() {
        return IntrStub.STUB;
    }

    static MemorySegment invalidMemory() {
        return MemStub.STUB;
    }

    static MemorySegment x86Syscall() {
        return SyscallStub.STUB;
    }

    static MemorySegment x86Cpuid() {
        return CpuidStub.STUB;
    }

    static MemorySegment x86PortIn() {
        return PortInStub.STUB;
    }

    static MemorySegment x86PortOut() {
        return PortOutStub.STUB;
    }

    // The entry points: one static method per hook type, dispatching by user_data.

    static void onInterrupt(MemorySegment uc, int intno, MemorySegment user) {
        HookSlots.of(user).onInterrupt(uc, intno, user);
    }

    static boolean onInvalidMemory(MemorySegment uc, int type, long address, int size, long value,
            MemorySegment user) {
        return HookSlots.of(user).onInvalidMemory(uc, type, address, size, value, user);
    }

    static void onX86Syscall(MemorySegment uc, MemorySegment user) {
        HookSlots.of(user).onX86Syscall(uc, user);
    }

    static int onX86Cpuid(MemorySegment uc, MemorySegment user) {
        return HookSlots.of(user).onX86Cpuid(uc, user);
    }

    static int onX86PortIn(MemorySegment uc, int port, int size, MemorySegment user) {
        return HookSlots.of(user).onX86PortIn(uc, port, size, user);
    }

    static void onX86PortOut(MemorySegment uc, int port, int size, int value, MemorySegment user) {
        HookSlots.of(user).onX86PortOut(uc, port, size, value, user);
    }

    private static final class IntrStub {
        static final MemorySegment STUB = Uc.sharedStub(HookStubs.class, "onInterrupt", Uc.Upcalls.INTR_DESC);
    }

    private static final class MemStub {
        static final MemorySegment STUB = Uc.sharedStub(HookStubs.class, "onInvalidMemory", Uc.Upcalls.MEM_EVENT_DESC);
    }

    private static final class SyscallStub {
        static final MemorySegment STUB = Uc.sharedStub(HookStubs.class, "onX86Syscall", Uc.Upcalls.SYSCALL_DESC);
    }

    private static final class CpuidStub {
        static final MemorySegment STUB = Uc.sharedStub(HookStubs.class, "onX86Cpuid", Uc.Upcalls.CPUID_DESC);
    }

    private static final class PortInStub {
        static final MemorySegment STUB = Uc.sharedStub(HookStubs.class, "onX86PortIn", Uc.Upcalls.PORT_IN_DESC);
    }

    private static final class PortOutStub {
        static final MemorySegment STUB = Uc.sharedStub(HookStubs.class, "onX86PortOut", Uc.Upcalls.PORT_OUT_DESC);
    }
}
