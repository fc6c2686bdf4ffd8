package dev.zlx.kernel;

import static dev.zlx.abi.SigframeX86_64.FIX_EFLAGS;
import static dev.zlx.abi.SigframeX86_64.FPSTATE_ALIGN;
import static dev.zlx.abi.SigframeX86_64.FPSTATE_SIZE;
import static dev.zlx.abi.SigframeX86_64.FRAME_SIZE;
import static dev.zlx.abi.SigframeX86_64.INFO_OFFSET;
import static dev.zlx.abi.SigframeX86_64.MCONTEXT_REGISTERS;
import static dev.zlx.abi.SigframeX86_64.MC_CSGSFS;
import static dev.zlx.abi.SigframeX86_64.MC_FPSTATE;
import static dev.zlx.abi.SigframeX86_64.MC_OLDMASK;
import static dev.zlx.abi.SigframeX86_64.RED_ZONE;
import static dev.zlx.abi.SigframeX86_64.UC_FLAGS;
import static dev.zlx.abi.SigframeX86_64.UC_FLAGS_VALUE;
import static dev.zlx.abi.SigframeX86_64.UC_MCONTEXT;
import static dev.zlx.abi.SigframeX86_64.UC_OFFSET;
import static dev.zlx.abi.SigframeX86_64.UC_SIGMASK;
import static dev.zlx.abi.SigframeX86_64.UC_STACK;
import static dev.zlx.abi.SigframeX86_64.USER_CS;
import static dev.zlx.abi.SigframeX86_64.USER_DS;

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

/** The x86-64 rt_sigframe, as arch/x86/kernel/signal_64.c builds and restores it. */
final class X86SignalFrame implements SignalDelivery.Frame {
    static final X86SignalFrame INSTANCE = new X86SignalFrame();
    private static final long SA_RESTORER = Signals.SA_RESTORER & 0xffffffffL;

    @Override
    public void setup(Task t, Siginfo info, KernelSigaction action, long oldMask, long stackTop) {
        if ((action.flags() & SA_RESTORER) == 0) {
            // x86-64 has no kernel-provided return path: Linux refuses such a handler this way.
            throw new GuestMemoryFault(0);
        }
        ExecutionContext cpu = t.cpu();
        AddressSpace mem = cpu.addressSpace();
        long sp = stackTop - RED_ZONE;
        long fpstate = 0;
        byte[] fp = SignalDelivery.fpState(cpu);
        if (fp != null) {
            sp = (sp - FPSTATE_SIZE) & -FPSTATE_ALIGN;
            fpstate = sp;
        }
        sp = ((sp - FRAME_SIZE) & -16L) - 8;
        ByteBuffer f = ByteBuffer.allocate(FRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        f.putLong(0, action.restorer());
        int uc = UC_OFFSET;
        f.putLong(uc + UC_FLAGS, UC_FLAGS_VALUE);
        f.put(uc + UC_STACK, t.altStack().report(cpu.sp()).encode());
        int mc = uc + UC_MCONTEXT;
        for (int i = 0; i < MCONTEXT_REGISTERS.length; i++) {
            f.putLong(mc + 8 * i, cpu.register(MCONTEXT_REGISTERS[i]));
        }
        f.putShort(mc + MC_CSGSFS, (short) USER_CS);
        f.putShort(mc + MC_CSGSFS + 6, (short) USER_DS);
        f.putLong(mc + MC_OLDMASK, oldMask);
        f.putLong(mc + MC_FPSTATE, fpstate);
        f.putLong(uc + UC_SIGMASK, oldMask);
        f.put(INFO_OFFSET, info.encode());
        if (fp != null) {
            mem.write(fpstate, fp, 0, fp.length);
        }
        mem.write(sp, f.array(), 0, FRAME_SIZE);
        cpu.setRegister("rdi", info.signo());
        cpu.setRegister("rsi", sp + INFO_OFFSET);
        cpu.setRegister("rdx", sp + UC_OFFSET);
        cpu.setRegister("rax", 0);
        cpu.setSp(sp);
        cpu.setPc(action.handler());
        // The handler starts with the direction flag clear, as the ABI requires.
        cpu.setRegister("rflags", cpu.register("rflags") & ~0x400L);
    }

    @Override
    public long restore(Task t) {
        ExecutionContext cpu = t.cpu();
        AddressSpace mem = cpu.addressSpace();
        // The handler's ret popped the return address: the ucontext is at the stack pointer.
        long frame = cpu.sp() - 8;
        long handlerSp = cpu.sp();
        byte[] raw = new byte[FRAME_SIZE];
        mem.read(frame, raw, 0, FRAME_SIZE);
        ByteBuffer f = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        // The mask first, as Linux: a bad frame found below keeps it.
        t.setSignalMask(f.getLong(UC_OFFSET + UC_SIGMASK)
                & ~(Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP)));
        int mc = UC_OFFSET + UC_MCONTEXT;
        if ((f.getShort(mc + MC_CSGSFS) | 3) != USER_CS) {
            // Linux loads it and the return to user mode faults: SIGSEGV either way.
            throw Errno.EFAULT.exception();
        }
        long result = 0;
        for (int i = 0; i < MCONTEXT_REGISTERS.length; i++) {
            String reg = MCONTEXT_REGISTERS[i];
            long v = f.getLong(mc + 8 * i);
            switch (reg) {
                case "rip" -> cpu.setPc(v);
                case "rsp" -> cpu.setSp(v);
                case "rflags" -> cpu.setRegister("rflags", (cpu.register("rflags") & ~FIX_EFLAGS) | (v & FIX_EFLAGS));
                case "rax" -> result = v;
                default -> cpu.setRegister(reg, v);
            }
        }
        long fpstate = f.getLong(mc + MC_FPSTATE);
        if (fpstate != 0) {
            byte[] fp = new byte[FPSTATE_SIZE];
            mem.read(fpstate, fp, 0, FPSTATE_SIZE);
            SignalDelivery.restoreFpState(cpu, fp);
        }
        SignalDelivery.restoreAltStack(t, StackT.decode(raw, UC_OFFSET + UC_STACK), handlerSp);
        return result;
    }

    private X86SignalFrame() {
    }
}
