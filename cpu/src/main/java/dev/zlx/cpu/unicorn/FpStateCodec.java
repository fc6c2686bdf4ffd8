package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Converts between a guest thread's FP/SIMD registers in Unicorn and Linux's user layout of
 * them in a signal frame, for {@code ExecutionContext.readFpState}/{@code writeFpState}.
 *
 * <p>x86-64: the 512-byte FXSAVE image (struct _fpstate_64 / fxregs_state): cwd u16 @0, swd u16
 * @2 (with TOP in bits 11–13), twd u16 @4 (abridged tag: bit i = 1 if physical register Ri is
 * not empty), fop u16 @6, rip u64 @8, rdp u64 @16, mxcsr u32 @24, mxcsr_mask u32 @28 (0xffff,
 * what QEMU's fxsave stores), st_space @32 (ST(0)..ST(7) in stack order, each 80 bits in a
 * 16-byte slot: mantissa u64, sign+exponent u16, six zero bytes), xmm_space @160 (XMM0–15,
 * 16 bytes each), zeros from 416 to 512 (padding and sw_reserved, which the kernel fills in).
 * fop, rip and rdp are written as 0, as QEMU's own fxsave does (TCG does not track them).
 *
 * <p>aarch64: struct user_fpsimd_state, 528 bytes: vregs V0–V31 16 bytes each @0, fpsr u32 @512,
 * fpcr u32 @516, 8 reserved zero bytes.
 *
 * <p>Unicorn's registers: FP0–FP7 are the physical registers R0–R7 (ST(i) = R((TOP + i) & 7));
 * FPSW carries TOP; FPTAG is the full 2-bit-per-register tag word, of which 2.0.1 only
 * distinguishes empty (3) from not empty on write; MXCSR is written through cpu_set_mxcsr and
 * FPCW through cpu_set_fpuc (rounding modes take effect).
 */
final class FpStateCodec {
    private FpStateCodec() {}

    static final int X86_SIZE = 512;
    static final int ARM64_SIZE = 528;
    /** MXCSR bits the guest may set, reported as mxcsr_mask (QEMU's fxsave value). */
    static final int X86_MXCSR_MASK = 0xffff;

    // fxregs_state offsets
    static final int X86_CWD = 0;
    static final int X86_SWD = 2;
    static final int X86_TWD = 4;
    static final int X86_MXCSR = 24;
    static final int X86_MXCSR_MASK_OFF = 28;
    static final int X86_ST = 32;
    static final int X86_XMM = 160;
    // user_fpsimd_state offsets
    static final int ARM64_FPSR = 512;
    static final int ARM64_FPCR = 516;

    /** Register reads and writes of wide values, on the live engine or on a saved uc_context. */
    interface Registers {
        void read(int reg, MemorySegment buf);

        void write(int reg, MemorySegment buf);
    }

    /** The engine's live registers (the context is its address space's lastRan). */
    static Registers engine(Uc uc) {
        return new Registers() {
            @Override
            public void read(int reg, MemorySegment buf) {
                uc.regReadInto(reg, buf);
            }

            @Override
            public void write(int reg, MemorySegment buf) {
                uc.regWriteFrom(reg, buf);
            }
        };
    }

    /** The registers saved in a uc_context blob (uc_context_reg_read/write). */
    static Registers saved(MemorySegment blob) {
        return new Registers() {
            @Override
            public void read(int reg, MemorySegment buf) {
                Uc.contextRegReadInto(blob, reg, buf);
            }

            @Override
            public void write(int reg, MemorySegment buf) {
                Uc.contextRegWriteFrom(blob, reg, buf);
            }
        };
    }

    static int size(UnicornArch spec) {
        return spec == UnicornArch.X86_64 ? X86_SIZE : ARM64_SIZE;
    }

    /** Throws IllegalArgumentException unless state has the size of spec's layout. */
    static void checkSize(UnicornArch spec, byte[] state) {
        int size = size(spec);
        if (state == null || state.length != size) {
            throw new IllegalArgumentException(spec.arch.cliName() + " FP state must be " + size + " bytes, not "
                    + (state == null ? "null" : state.length));
        }
    }

    static byte[] read(UnicornArch spec, Registers regs) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(size(spec), 16); // zeroed
            MemorySegment cell = arena.allocate(16, 16);
            if (spec == UnicornArch.X86_64) {
                readX86(regs, image, cell);
            } else {
                readArm64(regs, image, cell);
            }
            return image.toArray(JAVA_BYTE);
        }
    }

    static void write(UnicornArch spec, Registers regs, byte[] state) {
        checkSize(spec, state);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(state.length, 16);
            MemorySegment.copy(state, 0, image, JAVA_BYTE, 0, state.length);
            MemorySegment cell = arena.allocate(16, 16);
            if (spec == UnicornArch.X86_64) {
                writeX86(regs, image, cell);
            } else {
                writeArm64(regs, image, cell);
            }
        }
    }

    // ---- x86-64 ----

    private static int read16(Registers regs, int reg, MemorySegment cell) {
        cell.fill((byte) 0);
        regs.read(reg, cell);
        return cell.get(JAVA_SHORT_UNALIGNED, 0) & 0xffff;
    }

    private static int read32(Registers regs, int reg, MemorySegment cell) {
        cell.fill((byte) 0);
        regs.read(reg, cell);
        return cell.get(JAVA_INT_UNALIGNED, 0);
    }

    private static void write16(Registers regs, int reg, MemorySegment cell, int value) {
        cell.fill((byte) 0);
        cell.set(JAVA_SHORT_UNALIGNED, 0, (short) value);
        regs.write(reg, cell);
    }

    private static void write32(Registers regs, int reg, MemorySegment cell, int value) {
        cell.fill((byte) 0);
        cell.set(JAVA_INT_UNALIGNED, 0, value);
        regs.write(reg, cell);
    }

    /** The abridged (FXSAVE) tag byte of a full tag word: bit i set if Ri's tag is not 3 (empty). */
    static int abridgedTag(int fullTag) {
        int abridged = 0;
        for (int i = 0; i < 8; i++) {
            if (((fullTag >>> (2 * i)) & 3) != 3) {
                abridged |= 1 << i;
            }
        }
        return abridged;
    }

    /**
     * A full tag word from an abridged one: 3 (empty) for clear bits, 0 (valid) for set bits.
     * Unicorn 2.0.1 keeps only empty/not empty and computes zero/special from the register
     * contents when FPTAG is read, as FXRSTOR does on hardware.
     */
    static int fullTag(int abridged) {
        int full = 0;
        for (int i = 0; i < 8; i++) {
            if ((abridged & (1 << i)) == 0) {
                full |= 3 << (2 * i);
            }
        }
        return full;
    }

    private static void readX86(Registers regs, MemorySegment image, MemorySegment cell) {
        int swd = read16(regs, UcConst.UC_X86_REG_FPSW, cell);
        int top = (swd >>> 11) & 7;
        image.set(JAVA_SHORT_UNALIGNED, X86_CWD, (short) read16(regs, UcConst.UC_X86_REG_FPCW, cell));
        image.set(JAVA_SHORT_UNALIGNED, X86_SWD, (short) swd);
        image.set(JAVA_SHORT_UNALIGNED, X86_TWD, (short) abridgedTag(read16(regs, UcConst.UC_X86_REG_FPTAG, cell)));
        image.set(JAVA_INT_UNALIGNED, X86_MXCSR, read32(regs, UcConst.UC_X86_REG_MXCSR, cell));
        image.set(JAVA_INT_UNALIGNED, X86_MXCSR_MASK_OFF, X86_MXCSR_MASK);
        for (int st = 0; st < 8; st++) {
            cell.fill((byte) 0);
            regs.read(UcConst.UC_X86_REG_FP0 + ((top + st) & 7), cell);
            MemorySegment.copy(cell, 0, image, X86_ST + 16L * st, 10);
        }
        for (int i = 0; i < 16; i++) {
            regs.read(UcConst.UC_X86_REG_XMM0 + i, image.asSlice(X86_XMM + 16L * i, 16));
        }
    }

    private static void writeX86(Registers regs, MemorySegment image, MemorySegment cell) {
        int swd = image.get(JAVA_SHORT_UNALIGNED, X86_SWD) & 0xffff;
        int top = (swd >>> 11) & 7;
        // FPSW first: it sets TOP, which maps the stack-order slots to physical registers.
        write16(regs, UcConst.UC_X86_REG_FPSW, cell, swd);
        write16(regs, UcConst.UC_X86_REG_FPCW, cell, image.get(JAVA_SHORT_UNALIGNED, X86_CWD) & 0xffff);
        for (int st = 0; st < 8; st++) {
            cell.fill((byte) 0);
            MemorySegment.copy(image, X86_ST + 16L * st, cell, 0, 10);
            regs.write(UcConst.UC_X86_REG_FP0 + ((top + st) & 7), cell);
        }
        write16(regs, UcConst.UC_X86_REG_FPTAG, cell, fullTag(image.get(JAVA_BYTE, X86_TWD) & 0xff));
        // As Linux's sigreturn: bits outside the reported mxcsr_mask are dropped (fxrstor would #GP).
        write32(regs, UcConst.UC_X86_REG_MXCSR, cell, image.get(JAVA_INT_UNALIGNED, X86_MXCSR) & X86_MXCSR_MASK);
        for (int i = 0; i < 16; i++) {
            regs.write(UcConst.UC_X86_REG_XMM0 + i, image.asSlice(X86_XMM + 16L * i, 16));
        }
    }

    // ---- aarch64 ----

    private static void readArm64(Registers regs, MemorySegment image, MemorySegment cell) {
        for (int i = 0; i < 32; i++) {
            regs.read(UcConst.UC_ARM64_REG_V0 + i, image.asSlice(16L * i, 16));
        }
        image.set(JAVA_INT_UNALIGNED, ARM64_FPSR, read32(regs, UcConst.UC_ARM64_REG_FPSR, cell));
        image.set(JAVA_INT_UNALIGNED, ARM64_FPCR, read32(regs, UcConst.UC_ARM64_REG_FPCR, cell));
    }

    private static void writeArm64(Registers regs, MemorySegment image, MemorySegment cell) {
        for (int i = 0; i < 32; i++) {
            regs.write(UcConst.UC_ARM64_REG_V0 + i, image.asSlice(16L * i, 16));
        }
        write32(regs, UcConst.UC_ARM64_REG_FPSR, cell, image.get(JAVA_INT_UNALIGNED, ARM64_FPSR));
        write32(regs, UcConst.UC_ARM64_REG_FPCR, cell, image.get(JAVA_INT_UNALIGNED, ARM64_FPCR));
    }
}
