package dev.zlx.cpu.unicorn;

import static dev.zlx.cpu.unicorn.Guest.CODE;
import static dev.zlx.cpu.unicorn.Guest.DATA;
import static dev.zlx.cpu.unicorn.X86Cpuid.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.CpuFeatures;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.StopReason;
import dev.zlx.cpu.StopReason.Kind;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guest's CPUID (X86Cpuid) and the instructions behind every bit it advertises. Each case's
 * code was assembled with GNU as from the assembly in its comment; the expected bytes are what
 * the same code left in its data area on real hardware (an Intel Xeon with all these features),
 * starting from the pattern byte[i] = i * 37 + 11 with RDI pointing at it.
 */
class X86CpuidTest {
    /** cpuid; mov r8, rcx; syscall. */
    private static final String CPUID_CODE = "0fa2 4989c8 0f05";

    /** Leaf, subleaf in; EAX, EBX, ECX, EDX out (the guest runs cpuid; mov r8, rcx; syscall). */
    private static long[] guestCpuid(ExecutionContext ctx, int leaf, int subleaf) {
        ctx.setPc(CODE);
        ctx.setRegister("rax", leaf & 0xffffffffL);
        ctx.setRegister("rcx", subleaf);
        ctx.setRegister("rbx", -1L);
        ctx.setRegister("rdx", -1L);
        long[] out = new long[4];
        StopReason r = ctx.run(c -> {
            out[0] = c.register("rax");
            out[1] = c.register("rbx");
            out[2] = c.register("r8");
            out[3] = c.register("rdx");
            return false;
        });
        assertEquals(Kind.STOPPED, r.kind());
        return out;
    }

    @Test
    void unicornsOwnCpuid_isWhatThePatchStartsFrom() {
        List<Entry> raw = X86Cpuid.measure();
        Entry l1 = raw.stream().filter(e -> e.leaf() == 1).findFirst().orElseThrow();
        assertEquals(0x07088100, l1.edx());
        assertEquals(0x02182200, l1.ecx());
        Entry l7 = raw.stream().filter(e -> e.leaf() == 7).findFirst().orElseThrow();
        assertEquals(0x00180108, l7.ebx());
        Entry e1 = raw.stream().filter(e -> e.leaf() == 0x80000001).findFirst().orElseThrow();
        assertEquals(0x00001031, e1.ecx());
        assertEquals(0xa8000000, e1.edx());
    }

    @Test
    void hookReturningNonZero_skipsUnicornsCpuid_zeroLetsItRun() {
        try (Uc uc = new Uc(UcConst.UC_ARCH_X86, UcConst.UC_MODE_64)) {
            MemorySegment page = uc.arena().allocate(4096, 4096);
            byte[] code = {0x0f, (byte) 0xa2, (byte) 0xf4}; // cpuid; hlt
            MemorySegment.copy(code, 0, page, JAVA_BYTE, 0, code.length);
            uc.memMapPtr(0x10000, 4096, UcConst.UC_PROT_READ | UcConst.UC_PROT_EXEC, page);
            int[] result = {1};
            int[] calls = {0};
            uc.hookAddInsn(uc.cpuidStub((u, user) -> {
                calls[0]++;
                return result[0];
            }), MemorySegment.NULL, 1, 0, UcConst.UC_X86_INS_CPUID);
            uc.regWrite(UcConst.UC_X86_REG_RAX, 1);
            uc.regWrite(UcConst.UC_X86_REG_RDX, 0xdeadL);
            assertEquals(UcConst.UC_ERR_OK, uc.emuStart(0x10000));
            assertEquals(1, calls[0]);
            assertEquals(1, uc.regRead(UcConst.UC_X86_REG_RAX), "returning 1: Unicorn's CPUID did not run");
            assertEquals(0xdeadL, uc.regRead(UcConst.UC_X86_REG_RDX));
            result[0] = 0;
            assertEquals(UcConst.UC_ERR_OK, uc.emuStart(0x10000));
            assertEquals(2, calls[0]);
            assertEquals(0x07088100L, uc.regRead(UcConst.UC_X86_REG_RDX), "returning 0: Unicorn's CPUID ran");
        }
    }

    @Test
    void guestSeesThePatchedLeaves() {
        // cpuid; mov r8, rcx (the syscall sets rcx to its return address); syscall
        try (Guest g = new Guest(Arch.X86_64, CPUID_CODE)) {
            long[] l0 = guestCpuid(g.ctx, 0, 0);
            assertEquals(0xd, l0[0]);
            assertEquals(0x68747541L, l0[1], "Auth");
            long[] l1 = guestCpuid(g.ctx, 1, 0);
            assertEquals(0x663, l1[0]);
            assertEquals(0x02182201L, l1[2], "SSE3 SSSE3 CX16 SSE4.1 SSE4.2 AES");
            assertEquals(0x07888111L, l1[3], "FPU TSC CX8 CMOV CLFSH MMX FXSR SSE SSE2");
            long[] l7 = guestCpuid(g.ctx, 7, 0);
            assertEquals(0x00080008L, l7[1], "BMI1 ADX");
            assertEquals(0, l7[2]);
            assertEquals(0, l7[3]);
            long[] e1 = guestCpuid(g.ctx, 0x80000001, 0);
            assertEquals(0x21L, e1[2], "LAHF ABM");
            assertEquals(0x28100800L, e1[3], "SYSCALL NX RDTSCP LM");
            long[] e0 = guestCpuid(g.ctx, 0x80000000, 0);
            assertEquals(0x8000000aL, e0[0]);
            assertEquals(0x3028L, guestCpuid(g.ctx, 0x80000008, 0)[0], "40-bit physical, 48-bit virtual");
            // Not in the table: Unicorn answers (cache leaf, leaf 7 subleaf 1).
            assertNull(X86Cpuid.table().lookup(0x80000005, 0));
            assertEquals(0x01ff01ffL, guestCpuid(g.ctx, 0x80000005, 0)[0]);
            assertEquals(0, guestCpuid(g.ctx, 7, 1)[1]);
            assertEquals(0, guestCpuid(g.ctx, 0xd, 0)[0], "no XSAVE state");
        }
    }

    @Test
    void glibcBaselineBitsAreSet_andUnsupportedOnesClear() {
        try (Guest g = new Guest(Arch.X86_64, CPUID_CODE)) {
            int edx1 = (int) guestCpuid(g.ctx, 1, 0)[3];
            int ecx1 = (int) guestCpuid(g.ctx, 1, 0)[2];
            int ebx7 = (int) guestCpuid(g.ctx, 7, 0)[1];
            int edxE = (int) guestCpuid(g.ctx, 0x80000001, 0)[3];
            for (int bit : new int[] {CMOV, CX8, FPU, FXSR, MMX, SSE, SSE2}) {
                assertEquals(bit, edx1 & bit, "leaf 1 EDX bit " + Integer.numberOfTrailingZeros(bit));
            }
            assertEquals(SYSCALL | LM, edxE & (SYSCALL | LM));
            for (int bit : new int[] {PCLMULQDQ, FMA, MOVBE, POPCNT, XSAVE, OSXSAVE, AVX, F16C, RDRAND}) {
                assertEquals(0, ecx1 & bit, "leaf 1 ECX bit " + Integer.numberOfTrailingZeros(bit));
            }
            for (int bit : new int[] {FSGSBASE, AVX2, BMI2, SMAP}) {
                assertEquals(0, ebx7 & bit, "leaf 7 EBX bit " + Integer.numberOfTrailingZeros(bit));
            }
        }
    }

    @Test
    void hwcapIsLeaf1Edx_hwcap2Zero_modelIsBrand() {
        CpuFeatures f = Guest.BACKEND.features(Arch.X86_64);
        assertEquals(X86Cpuid.table().get(1, 0).edx() & 0xffffffffL, f.hwcap());
        assertEquals(0x07888111L, f.hwcap());
        assertEquals(0, f.hwcap2());
        assertEquals("QEMU Virtual CPU version 2.5+", f.modelName());
    }

    @Test
    void everyContextStartsWithLinuxFpuState() {
        // stmxcsr [rdi]; fnstcw [rdi+4]; syscall
        try (Guest g = new Guest(Arch.X86_64, "0fae1f d97f04 0f05")) {
            ExecutionContext second = g.as.createContext();
            for (ExecutionContext ctx : new ExecutionContext[] {g.ctx, second}) {
                ctx.setPc(CODE);
                ctx.setRegister("rdi", DATA);
                assertEquals(Kind.STOPPED, ctx.run(c -> false).kind());
                assertEquals(0x1f80, g.as.readInt(DATA), "MXCSR");
                assertEquals(0x37f, g.as.readInt(DATA + 4) & 0xffff, "x87 control word");
                g.as.writeLong(DATA, 0);
            }
        }
    }

    record Case(String name, String code, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> advertised() {
        return Stream.of(
            // FPU (leaf 1 EDX 0): fld, fmulp, fsqrt, fldpi, fld1, faddp, fistp, fild, fstp m80
            //   movabs rax,0x4009000000000000
            //   mov QWORD PTR [rdi],rax
            //   movabs rax,0x3ff8000000000000
            //   mov QWORD PTR [rdi+0x8],rax
            //   fld QWORD PTR [rdi]
            //   fld QWORD PTR [rdi+0x8]
            //   fmulp st(1),st
            //   fsqrt
            //   fstp QWORD PTR [rdi+0x10]
            //   fldpi
            //   fld1
            //   faddp st(1),st
            //   fistp DWORD PTR [rdi+0x18]
            //   fild DWORD PTR [rdi+0x28]
            //   fstp TBYTE PTR [rdi+0x30]
            new Case("fpu",
                    "48b8000000000000094048890748b8000000000000f83f48894708dd07dd4708dec9d9fadd5f10d9ebd9e8dec1db5f18"
                    + "db4728db7f30",
                    "0000000000000940000000000000f83feb2f37d10c52014004000000173c6186abd0f51a3f6489aed3f81d42678cb1d6"
                    + "00000000a6f13b841d406d92"),
            // TSC (leaf 1 EDX 4): rdtsc twice, the second value not below the first and non-zero
            //   rdtsc
            //   shl rdx,0x20
            //   or rax,rdx
            //   mov rsi,rax
            //   rdtsc
            //   shl rdx,0x20
            //   or rax,rdx
            //   cmp rax,rsi
            //   setae BYTE PTR [rdi]
            //   test rsi,rsi
            //   setne BYTE PTR [rdi+0x1]
            new Case("tsc",
                    "0f3148c1e2204809d04889c60f3148c1e2204809d04839f00f93074885f60f954701",
                    "0101557a"),
            // CX8 (leaf 1 EDX 8): lock cmpxchg8b, success and failure
            //   push rbx
            //   mov eax,DWORD PTR [rdi]
            //   mov edx,DWORD PTR [rdi+0x4]
            //   mov ebx,0x11223344
            //   mov ecx,0x55667788
            //   lock cmpxchg8b QWORD PTR [rdi]
            //   sete BYTE PTR [rdi+0x10]
            //   mov eax,0x1
            //   mov edx,0x2
            //   cmpxchg8b QWORD PTR [rdi+0x8]
            //   sete BYTE PTR [rdi+0x11]
            //   mov DWORD PTR [rdi+0x14],eax
            //   mov DWORD PTR [rdi+0x18],edx
            //   pop rbx
            new Case("cx8",
                    "538b078b5704bb44332211b988776655f00fc70f0f944710b801000000ba020000000fc74f080f944711894714895718"
                    + "5b",
                    "443322118877665533587da2c7ec11360100a5ca33587da2c7ec1136"),
            // CMOV (leaf 1 EDX 15): cmove, cmovne, cmovb, cmova from memory
            //   mov eax,0x1
            //   mov ecx,0x2
            //   mov rdx,QWORD PTR [rdi+0x8]
            //   cmp eax,eax
            //   cmove eax,ecx
            //   mov DWORD PTR [rdi],eax
            //   cmovne rax,rdx
            //   mov QWORD PTR [rdi+0x10],rax
            //   cmp ecx,0x3
            //   cmovb rax,rdx
            //   mov QWORD PTR [rdi+0x18],rax
            //   cmova ecx,DWORD PTR [rdi+0x28]
            //   mov DWORD PTR [rdi+0x20],ecx
            new Case("cmov",
                    "b801000000b902000000488b570839c00f44c18907480f45c24889471083f903480f42c2488947180f474f28894f20",
                    "020000009fc4e90e33587da2c7ec1136020000000000000033587da2c7ec113602000000"),
            // CLFSH (leaf 1 EDX 19): clflush keeps the data
            //   mov BYTE PTR [rdi],0x5
            //   clflush BYTE PTR [rdi]
            //   mov al,BYTE PTR [rdi]
            //   mov BYTE PTR [rdi+0x1],al
            new Case("clflush",
                    "c607050fae3f8a07884701",
                    "0505557a"),
            // MMX (leaf 1 EDX 23): paddb, pmullw, punpcklbw, psrlq, pxor, movd, emms
            //   movq mm0,QWORD PTR [rdi]
            //   movq mm1,QWORD PTR [rdi+0x8]
            //   paddb mm0,mm1
            //   pmullw mm0,mm1
            //   movq QWORD PTR [rdi+0x10],mm0
            //   punpcklbw mm1,mm0
            //   psrlq mm1,0x3
            //   pxor mm1,mm0
            //   movq QWORD PTR [rdi+0x18],mm1
            //   movd eax,mm1
            //   mov DWORD PTR [rdi+0x20],eax
            //   emms
            new Case("mmx",
                    "0f6f070f6f4f080ffcc10fd5c10f7f47100f60c80f73d1030fefc80f7f4f180f7ec88947200f77",
                    "0b30557a9fc4e90e33587da2c7ec11365a748af64a279a501c7f015805764e4e1c7f0158"),
            // FXSR (leaf 1 EDX 24): fxsave/fxrstor bring back xmm0 and xmm7, MXCSR image 0x1f80
            //   movups xmm0,XMMWORD PTR [rdi]
            //   movups xmm7,XMMWORD PTR [rdi+0x10]
            //   fxsave [rdi+0x400]
            //   xorps xmm0,xmm0
            //   xorps xmm7,xmm7
            //   fxrstor [rdi+0x400]
            //   movups XMMWORD PTR [rdi+0x20],xmm0
            //   movups XMMWORD PTR [rdi+0x30],xmm7
            //   mov eax,DWORD PTR [rdi+0x418]
            //   mov DWORD PTR [rdi+0x40],eax
            new Case("fxsr",
                    "0f10070f107f100fae87000400000f57c00f57ff0fae8f000400000f1147200f117f308b8718040000894740",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c61860b30557a9fc4e90e33587da2c7ec1136"
                    + "5b80a5caef14395e83a8cdf2173c6186801f0000"),
            // SSE (leaf 1 EDX 25): andps, addps, mulps, sqrtps, maxps, shufps, cvttss2si, cmpltps, movmskps, rcpss
            //   movups xmm0,XMMWORD PTR [rdi]
            //   movups xmm1,XMMWORD PTR [rdi+0x10]
            //   andps xmm0,XMMWORD PTR [rdi+0x100]
            //   andps xmm1,XMMWORD PTR [rdi+0x100]
            //   addps xmm0,xmm1
            //   movaps xmm2,xmm0
            //   mulps xmm2,xmm1
            //   sqrtps xmm3,xmm2
            //   maxps xmm3,xmm1
            //   shufps xmm3,xmm2,0x1b
            //   movups XMMWORD PTR [rdi+0x20],xmm3
            //   cvttss2si eax,xmm0
            //   mov DWORD PTR [rdi+0x30],eax
            //   cmpltps xmm1,xmm0
            //   movmskps eax,xmm1
            //   mov DWORD PTR [rdi+0x34],eax
            //   rcpss xmm4,xmm4
            new Case("sse",
                    "0f10070f104f100f5487000100000f548f000100000f58c10f28d00f59d10f51da0f5fd90fc6da1b0f115f20f30f2cc0"
                    + "8947300fc2c8010f50c1894734f30f53e4",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186224b091e2c489922000000000000807f"
                    + "000000800b000000"),
            // SSE2 (leaf 1 EDX 26): paddq, pmuludq, pshufd, psubb, pcmpeqb, psrldq, addsd, divsd, cvttsd2si, pmovmskb
            //   movdqu xmm0,XMMWORD PTR [rdi]
            //   movdqu xmm1,XMMWORD PTR [rdi+0x10]
            //   paddq xmm0,xmm1
            //   pmuludq xmm0,xmm1
            //   pshufd xmm2,xmm0,0x4e
            //   psubb xmm2,xmm1
            //   pcmpeqb xmm1,xmm1
            //   psrldq xmm1,0x3
            //   movdqu XMMWORD PTR [rdi+0x20],xmm0
            //   movdqu XMMWORD PTR [rdi+0x30],xmm2
            //   movdqu XMMWORD PTR [rdi+0x40],xmm1
            //   movabs rax,0x4009000000000000
            //   movq xmm3,rax
            //   movabs rax,0x3ff8000000000000
            //   movq xmm4,rax
            //   addsd xmm3,xmm4
            //   divsd xmm3,xmm4
            //   cvttsd2si eax,xmm3
            //   mov DWORD PTR [rdi+0x50],eax
            //   movq QWORD PTR [rdi+0x58],xmm3
            //   pmovmskb eax,xmm2
            //   mov DWORD PTR [rdi+0x60],eax
            new Case("sse2",
                    "f30f6f07f30f6f4f10660fd4c1660ff4c1660f70d04e660ff8d1660f74c9660f73d903f30f7f4720f30f7f5730f30f7f"
                    + "4f4048b8000000000000094066480f6ed848b8000000000000f83f66480f6ee0f20f58dcf20f5edcf20f2cc389475066"
                    + "0fd65f58660fd7c2894760",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c618642b40d0b5a679a3622cd963b01d6988d"
                    + "c74df17112c25f2fbf0c4019432b39b0ffffffffffffffffffffffffff000000030000002f54799eabaaaaaaaaaa0840"
                    + "25810000"),
            // SSE3 (leaf 1 ECX 0): addsubpd, haddpd, hsubpd, movddup, lddqu, movshdup, movsldup, addsubps, haddps, hsubps, fisttp m32/m64/m16
            //   movabs rax,0x4009000000000000
            //   mov QWORD PTR [rdi+0x200],rax
            //   movabs rax,0x3ff8000000000000
            //   mov QWORD PTR [rdi+0x208],rax
            //   movabs rax,0x4024000000000000
            //   mov QWORD PTR [rdi+0x210],rax
            //   movabs rax,0xc000000000000000
            //   mov QWORD PTR [rdi+0x218],rax
            //   movupd xmm0,XMMWORD PTR [rdi+0x200]
            //   movupd xmm1,XMMWORD PTR [rdi+0x210]
            //   movapd xmm2,xmm0
            //   addsubpd xmm2,xmm1
            //   movupd XMMWORD PTR [rdi],xmm2
            //   movapd xmm3,xmm0
            //   haddpd xmm3,xmm1
            //   movupd XMMWORD PTR [rdi+0x10],xmm3
            //   movapd xmm3,xmm0
            //   hsubpd xmm3,xmm1
            //   movupd XMMWORD PTR [rdi+0x20],xmm3
            //   movddup xmm4,QWORD PTR [rdi+0x210]
            //   movupd XMMWORD PTR [rdi+0x30],xmm4
            //   lddqu xmm5,[rdi+0x201]
            //   movdqu XMMWORD PTR [rdi+0x40],xmm5
            //   movshdup xmm6,XMMWORD PTR [rdi+0x200]
            //   movdqu XMMWORD PTR [rdi+0x50],xmm6
            //   movsldup xmm6,XMMWORD PTR [rdi+0x200]
            //   movdqu XMMWORD PTR [rdi+0x60],xmm6
            //   movaps xmm7,xmm0
            //   addsubps xmm7,xmm1
            //   movups XMMWORD PTR [rdi+0x70],xmm7
            //   movaps xmm7,xmm0
            //   haddps xmm7,xmm1
            //   movups XMMWORD PTR [rdi+0x80],xmm7
            //   movaps xmm7,xmm0
            //   hsubps xmm7,xmm1
            //   movups XMMWORD PTR [rdi+0x90],xmm7
            //   fld QWORD PTR [rdi+0x208]
            //   fisttp DWORD PTR [rdi+0xa0]
            //   fld QWORD PTR [rdi+0x218]
            //   fisttp QWORD PTR [rdi+0xa8]
            //   movabs rax,0xbff8000000000000
            //   mov QWORD PTR [rdi+0x220],rax
            //   fld QWORD PTR [rdi+0x220]
            //   fisttp WORD PTR [rdi+0xb0]
            new Case("sse3",
                    "48b800000000000009404889870002000048b8000000000000f83f4889870802000048b8000000000000244048898710"
                    + "02000048b800000000000000c048898718020000660f108700020000660f108f10020000660f28d0660fd0d1660f1117"
                    + "660f28d8660f7cd9660f115f10660f28d8660f7dd9660f115f20f20f12a710020000660f116730f20ff0af01020000f3"
                    + "0f7f6f40f30f16b700020000f30f7f7750f30f12b700020000f30f7f77600f28f8f20fd0f90f117f700f28f8f20f7cf9"
                    + "0f11bf800000000f28f8f20f7df90f11bf90000000dd8708020000db8fa0000000dd8718020000dd8fa800000048b800"
                    + "0000000000f8bf48898720020000dd8720020000df8fb0000000",
                    "0000000000801bc0000000000000e0bf00000000008012400000000000002040000000000000fa3f0000000000002840"
                    + "0000000000002440000000000000244000000000000940000000000000f83f0000000940000009400000f83f0000f83f"
                    + "00000000000000000000000000000000000000000080964000000000000080bd000009400000f83f00002440000000c0"
                    + "000009c00000f8bf000024c00000004001000000bfe4092efeffffffffffffffffffc5ea"),
            // SSSE3 (leaf 1 ECX 9): pshufb, phaddw, pmaddubsw, palignr, pabsb, pmulhrsw, psignb, phsubd
            //   movdqu xmm0,XMMWORD PTR [rdi]
            //   movdqu xmm1,XMMWORD PTR [rdi+0x10]
            //   movdqa xmm2,xmm0
            //   pshufb xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x20],xmm2
            //   movdqa xmm2,xmm0
            //   phaddw xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x30],xmm2
            //   movdqa xmm2,xmm0
            //   pmaddubsw xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x40],xmm2
            //   movdqa xmm2,xmm0
            //   palignr xmm2,xmm1,0x5
            //   movdqu XMMWORD PTR [rdi+0x50],xmm2
            //   pabsb xmm3,xmm1
            //   movdqu XMMWORD PTR [rdi+0x60],xmm3
            //   movdqa xmm2,xmm0
            //   pmulhrsw xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x70],xmm2
            //   movdqa xmm2,xmm0
            //   psignb xmm2,xmm1
            //   phsubd xmm2,xmm0
            //   movdqu XMMWORD PTR [rdi+0x80],xmm2
            new Case("ssse3",
                    "f30f6f07f30f6f4f10660f6fd0660f3800d1f30f7f5720660f6fd0660f3801d1f30f7f5730660f6fd0660f3804d1f30f"
                    + "7f5740660f6fd0660f3a0fd105f30f7f5750660f381cd9f30f7f5f60660f6fd0660f380bd1f30f7f5770660f6fd0660f"
                    + "3808d1660f3806d0f30f7f9780000000",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186a2000000009f5811000000000ec73000"
                    + "60aa88d3b0fad822004b2873509b78c2e9eb0dc8c1040539d9c83dde3149b5ec14395e83a8cdf2173c61860b30557a9f"
                    + "5b805b361114395e7d58330e173c617a17d002cd4af6fa0ab7c3a509faf6a1ccaa0bc27706bc71946c6b6b6b6c6b6b6c"),
            // CX16 (leaf 1 ECX 13): lock cmpxchg16b, success and failure
            //   push rbx
            //   mov rax,QWORD PTR [rdi]
            //   mov rdx,QWORD PTR [rdi+0x8]
            //   movabs rbx,0x1122334455667788
            //   movabs rcx,0x99aabbccddeeff00
            //   lock cmpxchg16b OWORD PTR [rdi]
            //   sete BYTE PTR [rdi+0x40]
            //   mov eax,0x1
            //   cmpxchg16b OWORD PTR [rdi+0x10]
            //   sete BYTE PTR [rdi+0x41]
            //   mov QWORD PTR [rdi+0x48],rax
            //   mov QWORD PTR [rdi+0x50],rdx
            //   pop rbx
            new Case("cx16",
                    "53488b07488b570848bb887766554433221148b900ffeeddccbbaa99f0480fc70f0f944740b801000000480fc74f100f"
                    + "94474148894748488957505b",
                    "887766554433221100ffeeddccbbaa995b80a5caef14395e83a8cdf2173c6186abd0f51a3f6489aed3f81d42678cb1d6"
                    + "fb20456a8fb4d9fe23486d92b7dc0126010095badf04294e5b80a5caef14395e83a8cdf2173c6186"),
            // SSE4.1 (leaf 1 ECX 19): pmulld, ptest, pblendw, pminsd, pmaxuw, pmovzxbw, pextrd, pinsrb, pinsrq, roundsd, packusdw, mpsadbw, pcmpeqq, movntdqa, pblendvb, phminposuw
            //   movdqu xmm0,XMMWORD PTR [rdi]
            //   movdqu xmm1,XMMWORD PTR [rdi+0x10]
            //   movdqa xmm2,xmm0
            //   pmulld xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x20],xmm2
            //   ptest xmm0,xmm1
            //   sete BYTE PTR [rdi+0x30]
            //   setb BYTE PTR [rdi+0x31]
            //   movdqa xmm2,xmm0
            //   pblendw xmm2,xmm1,0xa5
            //   movdqu XMMWORD PTR [rdi+0x40],xmm2
            //   movdqa xmm2,xmm0
            //   pminsd xmm2,xmm1
            //   pmaxuw xmm2,xmm0
            //   movdqu XMMWORD PTR [rdi+0x50],xmm2
            //   pmovzxbw xmm3,xmm1
            //   movdqu XMMWORD PTR [rdi+0x60],xmm3
            //   pextrd eax,xmm1,0x2
            //   mov DWORD PTR [rdi+0x70],eax
            //   pinsrb xmm3,eax,0x7
            //   pinsrq xmm3,QWORD PTR [rdi+0x8],0x1
            //   movdqu XMMWORD PTR [rdi+0x80],xmm3
            //   movabs rax,0x400c000000000000
            //   movq xmm4,rax
            //   roundsd xmm5,xmm4,0x1
            //   movq QWORD PTR [rdi+0x90],xmm5
            //   roundsd xmm5,xmm4,0x2
            //   movq QWORD PTR [rdi+0x98],xmm5
            //   movdqa xmm2,xmm0
            //   packusdw xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0xa0],xmm2
            //   movdqa xmm2,xmm0
            //   mpsadbw xmm2,xmm1,0x5
            //   movdqu XMMWORD PTR [rdi+0xb0],xmm2
            //   movdqa xmm2,xmm0
            //   pcmpeqq xmm2,xmm0
            //   movdqu XMMWORD PTR [rdi+0xc0],xmm2
            //   movntdqa xmm6,XMMWORD PTR [rdi+0x100]
            //   movdqu XMMWORD PTR [rdi+0xd0],xmm6
            //   movdqa xmm2,xmm0
            //   movdqa xmm0,xmm1
            //   pblendvb xmm2,xmm1,xmm0
            //   movdqu XMMWORD PTR [rdi+0xe0],xmm2
            //   phminposuw xmm7,xmm1
            //   movdqu XMMWORD PTR [rdi+0xf0],xmm7
            new Case("sse41",
                    "f30f6f07f30f6f4f10660f6fd0660f3840d1f30f7f5720660f3817c10f9447300f924731660f6fd0660f3a0ed1a5f30f"
                    + "7f5740660f6fd0660f3839d1660f383ed0f30f7f5750660f3830d9f30f7f5f60660f3a16c802894770660f3a20d80766"
                    + "480f3a225f0801f30f7f9f8000000048b80000000000000c4066480f6ee0660f3a0bec01660fd6af90000000660f3a0b"
                    + "ec02660fd6af98000000660f6fd0660f382bd1f30f7f97a0000000660f6fd0660f3a42d105f30f7f97b0000000660f6f"
                    + "d0660f3829d0f30f7f97c0000000660f382ab700010000f30f7fb7d0000000660f6fd0660f6fc1660f3810d1f30f7f97"
                    + "e0000000660f3841f9f30f7fbff0000000",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186e99364b971fc0159199adc3ee1e981f0"
                    + "0000456a8fb4d9fe23486d92b7dc01265b80557aef14e90e3358cdf2c7ec61865b80a5ca9fc4e90e33587da2c7ec6186"
                    + "5b008000a500ca00ef00140039005e0083a8cdf2cff4193e6388add2f71c41665b008000a500ca8333587da2c7ec1136"
                    + "00000000000008400000000000001040ffffffff0000ffff0000ffff000000000002560118003e018801d2011c020002"
                    + "ffffffffffffffffffffffffffffffff0b30557a9fc4e90e33587da2c7ec11360b80a5caefc4e90e83a8cdf2c7ec1186"
                    + "ef140200000000000000000000000000"),
            // SSE4.2 (leaf 1 ECX 20): pcmpistri, pcmpistrm, pcmpestri, pcmpgtq, crc32 m8/m32/m64
            //   movdqu xmm0,XMMWORD PTR [rdi]
            //   movdqu xmm1,XMMWORD PTR [rdi+0x10]
            //   pcmpistri xmm0,xmm1,0xc
            //   mov DWORD PTR [rdi+0x20],ecx
            //   pcmpistrm xmm0,xmm1,0x40
            //   movdqu XMMWORD PTR [rdi+0x30],xmm0
            //   mov eax,0x7
            //   mov edx,0x9
            //   movdqu xmm0,XMMWORD PTR [rdi]
            //   pcmpestri xmm0,xmm1,0x0
            //   mov DWORD PTR [rdi+0x40],ecx
            //   movdqa xmm2,xmm1
            //   pcmpgtq xmm2,xmm0
            //   movdqu XMMWORD PTR [rdi+0x50],xmm2
            //   mov eax,0xffffffff
            //   crc32 eax,BYTE PTR [rdi]
            //   crc32 eax,DWORD PTR [rdi+0x4]
            //   mov DWORD PTR [rdi+0x60],eax
            //   mov rax,QWORD PTR [rdi+0x8]
            //   crc32 rax,QWORD PTR [rdi+0x10]
            //   mov QWORD PTR [rdi+0x68],rax
            new Case("sse42",
                    "f30f6f07f30f6f4f10660f3a63c10c894f20660f3a62c140f30f7f4730b807000000ba09000000f30f6f07660f3a61c1"
                    + "00894f40660f6fd1660f3837d0f30f7f5750b8fffffffff20f38f007f20f38f14704894760488b4708f2480f38f14710"
                    + "48894768",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186100000003f6489aed3f81d42678cb1d6"
                    + "0000000000000000000000000000000010000000df04294e7398bde2072c5176ffffffffffffffff0000000000000000"
                    + "16f954e87fa4c9ee2918b24f00000000"),
            // AES (leaf 1 ECX 25): aesenc, aesenclast, aesdec, aesdeclast, aesimc, aeskeygenassist
            //   movdqu xmm0,XMMWORD PTR [rdi]
            //   movdqu xmm1,XMMWORD PTR [rdi+0x10]
            //   movdqa xmm2,xmm0
            //   aesenc xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x20],xmm2
            //   aesenclast xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x30],xmm2
            //   aesdec xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x40],xmm2
            //   aesdeclast xmm2,xmm1
            //   movdqu XMMWORD PTR [rdi+0x50],xmm2
            //   aesimc xmm3,xmm1
            //   movdqu XMMWORD PTR [rdi+0x60],xmm3
            //   aeskeygenassist xmm4,xmm0,0x1b
            //   movdqu XMMWORD PTR [rdi+0x70],xmm4
            new Case("aes",
                    "f30f6f07f30f6f4f10660f6fd0660f38dcd1f30f7f5720660f38ddd1f30f7f5730660f38ded1f30f7f5740660f38dfd1"
                    + "f30f7f5750660f38dbd9f30f7f5f60660f3adfe01bf30f7f6770",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186d38c785ea45ce26f0058c5d3a8ead1b9"
                    + "3dca039ca67e0706e02f715ad558f9e04171a07876dee32d29a5ac6b30b06efda37c0f30e0387c5bcf348ad31f152c47"
                    + "409acda3676d920442a524d774ae8197db1c1eab071eabdbc6ce8205d58205c6"),
            // BMI1 (leaf 7 EBX 3): andn, bextr, blsi, blsmsk, blsr, tzcnt (also of 0)
            //   mov rax,QWORD PTR [rdi]
            //   mov rcx,QWORD PTR [rdi+0x8]
            //   andn rdx,rax,rcx
            //   mov QWORD PTR [rdi+0x10],rdx
            //   mov edx,0xc04
            //   bextr rsi,rcx,rdx
            //   mov QWORD PTR [rdi+0x18],rsi
            //   blsi rsi,rcx
            //   mov QWORD PTR [rdi+0x20],rsi
            //   blsmsk rsi,rcx
            //   mov QWORD PTR [rdi+0x28],rsi
            //   blsr rsi,rcx
            //   mov QWORD PTR [rdi+0x30],rsi
            //   tzcnt rsi,rcx
            //   mov QWORD PTR [rdi+0x38],rsi
            //   xor eax,eax
            //   tzcnt esi,eax
            //   mov DWORD PTR [rdi+0x40],esi
            //   setb BYTE PTR [rdi+0x44]
            //   andn eax,ecx,DWORD PTR [rdi+0x48]
            //   mov DWORD PTR [rdi+0x4c],eax
            new Case("bmi1",
                    "488b07488b4f08c4e2f8f2d148895710ba040c0000c4e2e8f7f148897718c4e2c8f3d948897720c4e2c8f3d148897728"
                    + "c4e2c8f3c948897730f3480fbcf14889773831c0f30fbcf08977400f924744c4e270f2474889474c",
                    "0b30557a9fc4e90e33587da2c7ec11363048288040281030830500000000000001000000000000000100000000000000"
                    + "32587da2c7ec11360000000000000000200000000104294e7398bde240808040"),
            // ADX (leaf 7 EBX 19): adcx and adox chains keep separate carries
            //   mov rax,QWORD PTR [rdi]
            //   mov rcx,QWORD PTR [rdi+0x8]
            //   mov rdx,QWORD PTR [rdi+0x10]
            //   mov rsi,QWORD PTR [rdi+0x18]
            //   stc
            //   adcx rax,rcx
            //   adox rdx,rsi
            //   adcx rax,rcx
            //   adox rdx,rsi
            //   mov QWORD PTR [rdi+0x20],rax
            //   mov QWORD PTR [rdi+0x28],rdx
            //   setb BYTE PTR [rdi+0x30]
            //   seto BYTE PTR [rdi+0x31]
            //   xor ecx,ecx
            //   adox ecx,DWORD PTR [rdi+0x38]
            //   mov DWORD PTR [rdi+0x3c],ecx
            new Case("adx",
                    "488b07488b4f08488b5710488b7718f966480f38f6c1f3480f38f6d666480f38f6c1f3480f38f6d64889472048895728"
                    + "0f9247300f90473131c9f30f38f64f38894f3c",
                    "0b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c618672e04fbf2e9e0d7b61d140b01f8dfb6a"
                    + "0001456a8fb4d9fe23486d9223486d92"),
            // LAHF (0x80000001 ECX 0): lahf and sahf in 64-bit mode
            //   mov eax,0x80
            //   cmp eax,0x7f
            //   lahf
            //   mov BYTE PTR [rdi],ah
            //   mov ah,0xd5
            //   sahf
            //   setb BYTE PTR [rdi+0x1]
            //   sete BYTE PTR [rdi+0x2]
            //   sets BYTE PTR [rdi+0x3]
            //   setp BYTE PTR [rdi+0x4]
            new Case("lahf",
                    "b88000000083f87f9f8827b4d59e0f9247010f9447020f9847030f9a4704",
                    "1201010101c4e90e"),
            // ABM/LZCNT (0x80000001 ECX 5): lzcnt r64/r32/r16/m64 (bsr would give other results)
            //   mov eax,0x1
            //   lzcnt rcx,rax
            //   mov QWORD PTR [rdi],rcx
            //   xor eax,eax
            //   lzcnt ecx,eax
            //   setb BYTE PTR [rdi+0x8]
            //   mov DWORD PTR [rdi+0xc],ecx
            //   mov ax,0x100
            //   lzcnt cx,ax
            //   mov WORD PTR [rdi+0x10],cx
            //   lzcnt rdx,QWORD PTR [rdi+0x18]
            //   mov QWORD PTR [rdi+0x20],rdx
            new Case("lzcnt",
                    "b801000000f3480fbdc848890f31c0f30fbdc80f924708894f0c66b8000166f30fbdc866894f10f3480fbd5718488957"
                    + "20",
                    "3f0000000000000001587da2200000000700a5caef14395e83a8cdf2173c61860000000000000000"),
            // RDTSCP (0x80000001 EDX 27): rdtscp returns a non-zero counter
            //   rdtscp
            //   shl rdx,0x20
            //   or rax,rdx
            //   setne BYTE PTR [rdi]
            new Case("rdtscp",
                    "0f01f948c1e2204809d00f9507",
                    "0130557a")
        );
    }

    @ParameterizedTest
    @MethodSource("advertised")
    void advertisedInstructionsExecuteAsOnHardware(Case c) {
        try (Guest g = new Guest(Arch.X86_64, c.code + "0f05")) {
            byte[] pattern = new byte[2048];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (byte) (i * 37 + 11);
            }
            g.as.write(DATA, pattern, 0, pattern.length);
            g.ctx.setRegister("rdi", DATA);
            StopReason r = g.ctx.run(ctx -> false);
            assertEquals(Kind.STOPPED, r.kind(), c.name + ": " + r);
            byte[] got = new byte[c.expected.length() / 2];
            g.as.read(DATA, got, 0, got.length);
            assertEquals(c.expected, HexFormat.of().formatHex(got), c.name);
        }
    }

    static Stream<Object[]> notAdvertised() {
        return Stream.of(
                new Object[] {"popcnt rax, [rdi]", "f3480fb807", 1, 'c', POPCNT},
                new Object[] {"movbe rax, [rdi]", "480f38f007", 1, 'c', MOVBE},
                new Object[] {"pclmulqdq xmm0, xmm1, 0", "660f3a44c100", 1, 'c', PCLMULQDQ},
                new Object[] {"rdrand rax", "480fc7f0", 1, 'c', RDRAND},
                new Object[] {"xgetbv (ecx = 0)", "0f01d0", 1, 'c', OSXSAVE},
                new Object[] {"xsave [rdi+0x400]", "0faea700040000", 1, 'c', XSAVE},
                new Object[] {"vaddps ymm0, ymm1, ymm2", "c5f458c2", 1, 'c', AVX},
                new Object[] {"rdfsbase rax", "f3480faec0", 7, 'b', FSGSBASE});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAdvertised")
    void instructionsThatRaiseUd_areNotAdvertised(String asm, String code, int leaf, char reg, int bit) {
        try (Guest g = new Guest(Arch.X86_64, code + "0f05")) {
            g.ctx.setRegister("rdi", DATA);
            g.ctx.setRegister("rcx", 0);
            StopReason r = g.ctx.run(c -> false);
            assertEquals(Kind.ILLEGAL_INSTRUCTION, r.kind(), asm);
            Entry e = X86Cpuid.table().get(leaf, 0);
            assertEquals(0, (reg == 'b' ? e.ebx() : e.ecx()) & bit, asm);
        }
    }

    private static long pdep(long src, long mask) {
        long r = 0;
        for (int i = 0, k = 0; i < 64; i++) {
            if ((mask >>> i & 1) != 0) {
                r |= (src >>> k++ & 1) << i;
            }
        }
        return r;
    }

    private static long pext(long src, long mask) {
        long r = 0;
        for (int i = 0, k = 0; i < 64; i++) {
            if ((mask >>> i & 1) != 0) {
                r |= (src >>> i & 1) << k++;
            }
        }
        return r;
    }

    @Test
    void bmi2PdepPextSwapTheirOperands_soBmi2IsNotAdvertised() {
        long src = 0x0ee9c49f7a55300bL;
        long mask = 0x3611ecc7a27d5833L;
        // pdep rsi, rax, rcx; pext rdx, rax, rcx; syscall
        try (Guest g = new Guest(Arch.X86_64, "c4e2fbf5f1 c4e2faf5d1 0f05")) {
            g.ctx.setRegister("rax", src);
            g.ctx.setRegister("rcx", mask);
            assertEquals(Kind.STOPPED, g.ctx.run(c -> false).kind());
            assertEquals(0x1610888502400023L, pdep(src, mask), "what hardware gives");
            assertNotEquals(pdep(src, mask), g.ctx.register("rsi"));
            assertEquals(pdep(mask, src), g.ctx.register("rsi"), "Unicorn 2.0.1: operands swapped");
            assertEquals(pext(mask, src), g.ctx.register("rdx"), "Unicorn 2.0.1: operands swapped");
            assertNotEquals(pext(src, mask), g.ctx.register("rdx"));
        }
        assertEquals(0, X86Cpuid.table().get(7, 0).ebx() & BMI2);
    }
}
