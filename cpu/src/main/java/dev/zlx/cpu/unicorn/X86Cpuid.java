package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.zlx.abi.CpuinfoFlags;
import dev.zlx.cpu.CpuException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The CPUID answers every x86-64 engine gives its guest (through a UC_HOOK_INSN cpuid hook):
 * Unicorn's own answers, measured once per process on a scratch engine without the hook, then
 * patched so that each advertised feature bit names instructions the engine executes correctly
 * in user mode, and no bit names instructions that raise #UD or compute wrong results. Every
 * advertised bit is checked by running its instructions against results from real hardware
 * (X86CpuidTest). Leaves not in the table fall through to Unicorn's own CPUID.
 *
 * <p>Unicorn 2.0.1 (QEMU64 model) answers, and what the guest sees instead:
 * <pre>
 * leaf          Unicorn                                   guest
 * 1 EDX         0x07088100 CX8 CMOV CLFSH FXSR SSE SSE2   0x07888111 + FPU TSC MMX
 * 1 ECX         0x02182200 SSSE3 CX16 SSE4.1 SSE4.2 AES   0x02182201 + SSE3
 * 7.0 EBX       0x00180108 BMI1 BMI2 ADX SMAP             0x00080008 BMI1 ADX
 * 0x80000001 ECX 0x00001031 LAHF AltMovCr8 ABM SKINIT     0x00000021 LAHF ABM
 * 0x80000001 EDX 0xa8000000 RDTSCP LM 3DNow!              0x28100800 SYSCALL NX RDTSCP LM
 * </pre>
 * Left out on purpose: BMI2 (pdep and pext give wrong results, apparently with their operands
 * swapped; the other BMI2 instructions are right), SMAP, AltMovCr8 and SKINIT (supervisor
 * features with nothing for user mode), 3DNow! (not checked: no host to compare with),
 * POPCNT, MOVBE, PCLMULQDQ, RDRAND, XSAVE/OSXSAVE, AVX, AVX2, FMA, F16C, FSGSBASE (all raise
 * #UD, or are VEX forms that compute wrong results). Leaf 0xd stays all zero (no XSAVE).
 * Vendor (AuthenticAMD), signature (0x663) and brand string ("QEMU Virtual CPU version 2.5+")
 * are Unicorn's.
 */
final class X86Cpuid {
    // Leaf 1 EDX.
    static final int FPU = 1;
    static final int TSC = 1 << 4;
    static final int CX8 = 1 << 8;
    static final int CMOV = 1 << 15;
    static final int CLFSH = 1 << 19;
    static final int MMX = 1 << 23;
    static final int FXSR = 1 << 24;
    static final int SSE = 1 << 25;
    static final int SSE2 = 1 << 26;
    // Leaf 1 ECX.
    static final int SSE3 = 1;
    static final int PCLMULQDQ = 1 << 1;
    static final int SSSE3 = 1 << 9;
    static final int FMA = 1 << 12;
    static final int CX16 = 1 << 13;
    static final int SSE4_1 = 1 << 19;
    static final int SSE4_2 = 1 << 20;
    static final int MOVBE = 1 << 22;
    static final int POPCNT = 1 << 23;
    static final int AES = 1 << 25;
    static final int XSAVE = 1 << 26;
    static final int OSXSAVE = 1 << 27;
    static final int AVX = 1 << 28;
    static final int F16C = 1 << 29;
    static final int RDRAND = 1 << 30;
    // Leaf 7 subleaf 0 EBX.
    static final int FSGSBASE = 1;
    static final int BMI1 = 1 << 3;
    static final int AVX2 = 1 << 5;
    static final int BMI2 = 1 << 8;
    static final int ADX = 1 << 19;
    static final int SMAP = 1 << 20;
    // Leaf 0x80000001 ECX and EDX.
    static final int LAHF_LM = 1;
    static final int ABM = 1 << 5;
    static final int SYSCALL = 1 << 11;
    static final int NX = 1 << 20;
    static final int RDTSCP = 1 << 27;
    static final int LM = 1 << 29;

    /** Of Unicorn's leaf 1 EDX bits, those kept (CLFSH only if Unicorn reports it). */
    static final int LEAF1_EDX_KEEP = CLFSH;
    /** Leaf 1 EDX bits always set: x87, rdtsc, MMX and the rest execute in 2.0.1. */
    static final int LEAF1_EDX_ADD = FPU | TSC | CX8 | CMOV | MMX | FXSR | SSE | SSE2;
    static final int LEAF1_ECX_KEEP = SSSE3 | CX16 | SSE4_1 | SSE4_2 | AES;
    static final int LEAF1_ECX_ADD = SSE3;
    static final int LEAF7_EBX_KEEP = BMI1 | ADX;
    static final int EXT1_ECX_KEEP = LAHF_LM | ABM;
    static final int EXT1_EDX_KEEP = RDTSCP;
    /** SYSCALL is the hooked syscall, NX is Unicorn's fetch protection, LM is the mode itself. */
    static final int EXT1_EDX_ADD = SYSCALL | NX | LM;

    /** One answer; subleaf -1 matches every ECX. */
    record Entry(int leaf, int subleaf, int eax, int ebx, int ecx, int edx) {
        Entry withRegs(int a, int b, int c, int d) {
            return new Entry(leaf, subleaf, a, b, c, d);
        }
    }

    private static final class Holder {
        static final X86Cpuid TABLE = new X86Cpuid(patch(measure()));
    }

    /** The patched table of this process, computed on first use. */
    static X86Cpuid table() {
        return Holder.TABLE;
    }

    private final Entry[] entries;

    private X86Cpuid(List<Entry> entries) {
        this.entries = entries.toArray(new Entry[0]);
    }

    /** The answer for (leaf, subleaf), or null when Unicorn should answer itself. */
    Entry lookup(int leaf, int subleaf) {
        for (Entry e : entries) {
            if (e.leaf == leaf && (e.subleaf < 0 || e.subleaf == subleaf)) {
                return e;
            }
        }
        return null;
    }

    /** Like {@link #lookup} but never null (for callers that need the table's leaves). */
    Entry get(int leaf, int subleaf) {
        Entry e = lookup(leaf, subleaf);
        if (e == null) {
            throw new IllegalArgumentException("leaf " + Integer.toHexString(leaf) + " is not in the table");
        }
        return e;
    }

    /** AT_HWCAP on x86-64: leaf 1 EDX, as Linux reports it. */
    long hwcap() {
        return get(1, 0).edx & 0xffffffffL;
    }

    /** The vendor string of leaf 0 (EBX, EDX, ECX), as /proc/cpuinfo's vendor_id. */
    String vendor() {
        Entry e = get(0, 0);
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(e.ebx).putInt(e.edx).putInt(e.ecx);
        return new String(b.array(), StandardCharsets.US_ASCII).trim();
    }

    /** Leaf 1 EAX: the family, model and stepping. */
    int signature() {
        return get(1, 0).eax;
    }

    /** The names Linux prints in /proc/cpuinfo's flags for the bits this table advertises. */
    List<String> flags() {
        return CpuinfoFlags.x86(get(1, 0).edx, get(0x80000001, 0).edx, get(1, 0).ecx,
                get(0x80000001, 0).ecx, get(7, 0).ebx);
    }

    /** The brand string of leaves 0x80000002..4, trimmed; empty if none. */
    String brand() {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (int leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
            Entry e = get(leaf, 0);
            b.putInt(e.eax).putInt(e.ebx).putInt(e.ecx).putInt(e.edx);
        }
        String s = new String(b.array(), StandardCharsets.US_ASCII);
        int nul = s.indexOf('\0');
        return (nul >= 0 ? s.substring(0, nul) : s).trim();
    }

    /** Applies the masks above to Unicorn's answers. */
    static List<Entry> patch(List<Entry> raw) {
        return raw.stream().map(e -> {
            if (e.leaf == 1) {
                return e.withRegs(e.eax, e.ebx, (e.ecx & LEAF1_ECX_KEEP) | LEAF1_ECX_ADD,
                        (e.edx & LEAF1_EDX_KEEP) | LEAF1_EDX_ADD);
            } else if (e.leaf == 7 && e.subleaf == 0) {
                return e.withRegs(e.eax, e.ebx & LEAF7_EBX_KEEP, 0, 0);
            } else if (e.leaf == 0x80000001) {
                return e.withRegs(e.eax, e.ebx, e.ecx & EXT1_ECX_KEEP, (e.edx & EXT1_EDX_KEEP) | EXT1_EDX_ADD);
            }
            return e;
        }).toList();
    }

    /** (leaf, subleaf) pairs measured; subleaf -1 = the leaf ignores ECX (measured with 0). */
    private static final int[][] LEAVES = {
        {0, -1}, {1, -1}, {7, 0}, {0xd, 0}, {0xd, 1},
        {0x80000000, -1}, {0x80000001, -1}, {0x80000002, -1}, {0x80000003, -1}, {0x80000004, -1},
        {0x80000008, -1},
    };

    /** cpuid; hlt (hlt ends uc_emu_start with UC_ERR_OK). */
    private static final byte[] PROBE = {0x0f, (byte) 0xa2, (byte) 0xf4};

    /** Runs Unicorn's own CPUID (no hook) on a scratch engine for {@link #LEAVES}. */
    static List<Entry> measure() {
        try (Uc uc = new Uc(UcConst.UC_ARCH_X86, UcConst.UC_MODE_64)) {
            long base = 0x10000;
            MemorySegment page = uc.arena().allocate(4096, 4096);
            MemorySegment.copy(PROBE, 0, page, JAVA_BYTE, 0, PROBE.length);
            uc.memMapPtr(base, 4096, UcConst.UC_PROT_READ | UcConst.UC_PROT_EXEC, page);
            return java.util.Arrays.stream(LEAVES).map(l -> {
                uc.regWrite(UcConst.UC_X86_REG_RAX, l[0] & 0xffffffffL);
                uc.regWrite(UcConst.UC_X86_REG_RCX, Math.max(l[1], 0));
                int err = uc.emuStart(base);
                if (err != UcConst.UC_ERR_OK) {
                    throw new CpuException("CPUID probe: " + Uc.strerror(err));
                }
                return new Entry(l[0], l[1], (int) uc.regRead(UcConst.UC_X86_REG_RAX),
                        (int) uc.regRead(UcConst.UC_X86_REG_RBX), (int) uc.regRead(UcConst.UC_X86_REG_RCX),
                        (int) uc.regRead(UcConst.UC_X86_REG_RDX));
            }).toList();
        }
    }
}
