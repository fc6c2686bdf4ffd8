package dev.zlx.kernel;

import static dev.zlx.abi.SigframeAarch64.ESR_CONTEXT_SIZE;
import static dev.zlx.abi.SigframeAarch64.ESR_MAGIC;
import static dev.zlx.abi.SigframeAarch64.FPSIMD_CONTEXT_SIZE;
import static dev.zlx.abi.SigframeAarch64.FPSIMD_MAGIC;
import static dev.zlx.abi.SigframeAarch64.FRAME_SIZE;
import static dev.zlx.abi.SigframeAarch64.INFO_OFFSET;
import static dev.zlx.abi.SigframeAarch64.PSTATE_NOT_EL0T;
import static dev.zlx.abi.SigframeAarch64.PSTATE_NZCV;
import static dev.zlx.abi.SigframeAarch64.RESERVED_SIZE;
import static dev.zlx.abi.SigframeAarch64.SC_PC;
import static dev.zlx.abi.SigframeAarch64.SC_PSTATE;
import static dev.zlx.abi.SigframeAarch64.SC_REGS;
import static dev.zlx.abi.SigframeAarch64.SC_RESERVED;
import static dev.zlx.abi.SigframeAarch64.SC_SP;
import static dev.zlx.abi.SigframeAarch64.UC_MCONTEXT;
import static dev.zlx.abi.SigframeAarch64.UC_OFFSET;
import static dev.zlx.abi.SigframeAarch64.UC_SIGMASK;
import static dev.zlx.abi.SigframeAarch64.UC_STACK;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.abi.StackT;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.cpu.GuestMemoryFault;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The aarch64 rt_sigframe, as arch/arm64/kernel/signal.c builds and restores it. */
final class Aarch64SignalFrame implements SignalDelivery.Frame {
    static final Aarch64SignalFrame INSTANCE = new Aarch64SignalFrame();
    private static final long SA_RESTORER = Signals.SA_RESTORER & 0xffffffffL;
    /** The user-visible FP/SIMD state: vregs[32], fpsr, fpcr, reserved. */
    private static final int FPSIMD_STATE_SIZE = 528;

    @Override
    public void setup(Task t, Siginfo info, KernelSigaction action, long oldMask, long stackTop) {
        ExecutionContext cpu = t.cpu();
        AddressSpace mem = cpu.addressSpace();
        long restorer = (action.flags() & SA_RESTORER) != 0 ? action.restorer() : t.process().sigreturnTrampoline();
        if (restorer == 0) {
            throw new GuestMemoryFault(0);
        }
        long record = (stackTop - 16) & -16L;
        long sp = (record - FRAME_SIZE) & -16L;
        ByteBuffer f = ByteBuffer.allocate(FRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        f.put(INFO_OFFSET, info.encode());
        int uc = UC_OFFSET;
        f.put(uc + UC_STACK, t.altStack().report(cpu.sp()).encode());
        f.putLong(uc + UC_SIGMASK, oldMask);
        int sc = uc + UC_MCONTEXT;
        for (int i = 0; i < 31; i++) {
            f.putLong(sc + SC_REGS + 8 * i, cpu.register("x" + i));
        }
        f.putLong(sc + SC_SP, cpu.sp());
        f.putLong(sc + SC_PC, cpu.pc());
        f.putLong(sc + SC_PSTATE, cpu.register("nzcv") & PSTATE_NZCV);
        int reserved = sc + SC_RESERVED;
        byte[] fp = SignalDelivery.fpState(cpu);
        if (fp != null) {
            f.putInt(reserved, FPSIMD_MAGIC);
            f.putInt(reserved + 4, FPSIMD_CONTEXT_SIZE);
            // fpsimd_context: fpsr and fpcr first, then the 32 vector registers.
            f.putInt(reserved + 8, ByteBuffer.wrap(fp).order(ByteOrder.LITTLE_ENDIAN).getInt(512));
            f.putInt(reserved + 12, ByteBuffer.wrap(fp).order(ByteOrder.LITTLE_ENDIAN).getInt(516));
            f.put(reserved + 16, fp, 0, 512);
        }
        // The terminator record after it is all zeros already.
        mem.write(sp, f.array(), 0, FRAME_SIZE);
        mem.writeLong(record, cpu.register("x29"));
        mem.writeLong(record + 8, cpu.register("x30"));
        cpu.setRegister("x0", info.signo());
        cpu.setRegister("x1", sp + INFO_OFFSET);
        cpu.setRegister("x2", sp + UC_OFFSET);
        cpu.setRegister("x29", record);
        cpu.setRegister("x30", restorer);
        cpu.setSp(sp);
        cpu.setPc(action.handler());
    }

    @Override
    public long restore(Task t) {
        ExecutionContext cpu = t.cpu();
        AddressSpace mem = cpu.addressSpace();
        long frame = cpu.sp();
        long handlerSp = cpu.sp();
        if ((frame & 15) != 0) {
            throw Errno.EFAULT.exception();
        }
        byte[] raw = new byte[FRAME_SIZE];
        mem.read(frame, raw, 0, FRAME_SIZE);
        ByteBuffer f = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        // The mask first, as Linux: a bad frame found below keeps it.
        t.setSignalMask(f.getLong(UC_OFFSET + UC_SIGMASK)
                & ~(Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP)));
        int sc = UC_OFFSET + UC_MCONTEXT;
        if ((f.getLong(sc + SC_PSTATE) & PSTATE_NOT_EL0T) != 0) {
            // valid_user_regs: only EL0t, AArch64, with no exception masked.
            throw Errno.EFAULT.exception();
        }
        for (int i = 1; i < 31; i++) {
            cpu.setRegister("x" + i, f.getLong(sc + SC_REGS + 8 * i));
        }
        long x0 = f.getLong(sc + SC_REGS);
        cpu.setSp(f.getLong(sc + SC_SP));
        cpu.setPc(f.getLong(sc + SC_PC));
        cpu.setRegister("nzcv", f.getLong(sc + SC_PSTATE) & PSTATE_NZCV);
        int fpsimd = findFpsimd(f, sc + SC_RESERVED);
        byte[] fp = new byte[FPSIMD_STATE_SIZE];
        System.arraycopy(raw, fpsimd + 16, fp, 0, 512);
        ByteBuffer.wrap(fp).order(ByteOrder.LITTLE_ENDIAN).putInt(512, f.getInt(fpsimd + 8))
                .putInt(516, f.getInt(fpsimd + 12));
        SignalDelivery.restoreFpState(cpu, fp);
        SignalDelivery.restoreAltStack(t, StackT.decode(raw, UC_OFFSET + UC_STACK), handlerSp);
        return x0;
    }

    /**
     * parse_user_sigframe: the records in __reserved, up to the terminating one; the FP/SIMD
     * record is required, an ESR record is skipped, anything else makes the frame bad. Returns
     * the offset of the FP/SIMD record.
     */
    private static int findFpsimd(ByteBuffer f, int reserved) {
        int fpsimd = -1;
        int at = reserved;
        while (at + 8 <= reserved + RESERVED_SIZE) {
            int magic = f.getInt(at);
            int size = f.getInt(at + 4);
            if (magic == 0 && size == 0) {
                break;
            }
            if (magic == FPSIMD_MAGIC && size == FPSIMD_CONTEXT_SIZE && fpsimd < 0) {
                fpsimd = at;
            } else if (magic != ESR_MAGIC || size != ESR_CONTEXT_SIZE) {
                throw Errno.EFAULT.exception();
            }
            at += size;
        }
        if (fpsimd < 0) {
            throw Errno.EFAULT.exception();
        }
        return fpsimd;
    }

    private Aarch64SignalFrame() {
    }
}
