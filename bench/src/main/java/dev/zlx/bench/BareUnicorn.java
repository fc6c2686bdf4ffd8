package dev.zlx.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.zlx.abi.Arch;
import dev.zlx.elf.ElfFile;
import dev.zlx.elf.ElfSource;
import dev.zlx.elf.LoadSegment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A freestanding static program (no libc: only write and exit_group) run on a bare Unicorn
 * engine through a binding of its own: no zlx kernel, address space, hooks or time slices. The
 * engine is set up as zlx sets up its own (x86-64: CR4.OSFXSR, MXCSR; aarch64: CPACR_EL1.FPEN),
 * the program's PT_LOAD segments are copied in, and one hook answers the two system calls. It is
 * the reference against which zlx's CPU loop is measured (issue 6: "zlx adds nothing measurable
 * to the engine"). Constants are unicorn.h's for Debian's libunicorn 2.0.1.
 */
final class BareUnicorn {
    private static final int UC_ARCH_ARM64 = 2;
    private static final int UC_ARCH_X86 = 4;
    private static final int UC_MODE_ARM = 0;
    private static final int UC_MODE_64 = 8;
    private static final int UC_PROT_ALL = 7;
    private static final int UC_HOOK_INTR = 1;
    private static final int UC_HOOK_INSN = 2;
    private static final int UC_X86_INS_SYSCALL = 699;
    private static final int UC_X86_REG_CR4 = 54;
    private static final int UC_X86_REG_RAX = 35;
    private static final int UC_X86_REG_RDI = 39;
    private static final int UC_X86_REG_RSI = 43;
    private static final int UC_X86_REG_RDX = 40;
    private static final int UC_X86_REG_RSP = 44;
    private static final int UC_X86_REG_MXCSR = 249;
    private static final int UC_ARM64_REG_SP = 4;
    private static final int UC_ARM64_REG_X0 = 199;
    private static final int UC_ARM64_REG_X8 = 207;
    private static final int UC_ARM64_REG_CPACR_EL1 = 261;
    private static final long CR4_OSFXSR_OSXMMEXCPT = 3L << 9;

    private static final long STACK_TOP = 0x7fff_0000_0000L;
    private static final long STACK_SIZE = 1 << 20;
    private static final long PAGE = 4096;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = SymbolLookup.libraryLookup("libunicorn.so.2", Arena.global());
    private static final MethodHandle OPEN = fn("uc_open", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle CLOSE = fn("uc_close", JAVA_INT, ADDRESS);
    private static final MethodHandle MEM_MAP = fn("uc_mem_map", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle MEM_WRITE = fn("uc_mem_write", JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
    private static final MethodHandle MEM_READ = fn("uc_mem_read", JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
    private static final MethodHandle REG_READ = fn("uc_reg_read", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle REG_WRITE = fn("uc_reg_write", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle EMU_START = fn("uc_emu_start", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG);
    private static final MethodHandle EMU_STOP = fn("uc_emu_stop", JAVA_INT, ADDRESS);
    private static final MethodHandle HOOK_ADD = LINKER.downcallHandle(LIB.find("uc_hook_add").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(7));
    private static final MethodHandle HOOK_ADD_INSN = LINKER.downcallHandle(LIB.find("uc_hook_add").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT),
            Linker.Option.firstVariadicArg(7));

    private final Arch arch;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment uc;
    private final MemorySegment reg = arena.allocate(JAVA_LONG);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private int exitStatus = -1;

    private BareUnicorn(Arch arch) {
        this.arch = arch;
        MemorySegment handle = arena.allocate(ADDRESS);
        check("uc_open", arch == Arch.X86_64 ? call(OPEN, UC_ARCH_X86, UC_MODE_64, handle)
                : call(OPEN, UC_ARCH_ARM64, UC_MODE_ARM, handle));
        uc = handle.get(ADDRESS, 0);
    }

    /** Runs program with args to its exit_group and returns what it wrote; fails unless it exits 0. */
    static String run(String program, String... args) {
        try {
            byte[] file = Files.readAllBytes(Path.of(program));
            ElfFile elf = ElfFile.parse(ElfSource.of(file));
            BareUnicorn engine = new BareUnicorn(elf.arch());
            try {
                engine.load(elf, file);
                engine.start(elf.entry(), engine.stack(program, args));
                if (engine.exitStatus != 0) {
                    throw new IllegalStateException(program + " exited with " + engine.exitStatus);
                }
                return engine.output.toString(StandardCharsets.UTF_8);
            } finally {
                engine.close();
            }
        } catch (IOException | dev.zlx.elf.ElfException e) {
            throw new IllegalStateException(program + ": " + e.getMessage(), e);
        }
    }

    private void load(ElfFile elf, byte[] file) {
        for (LoadSegment s : elf.loadSegments()) {
            long start = s.vaddr() & -PAGE;
            long end = (s.vaddr() + s.memsz() + PAGE - 1) & -PAGE;
            check("uc_mem_map", call(MEM_MAP, uc, start, end - start, UC_PROT_ALL));
            if (s.filesz() > 0) {
                MemorySegment bytes = arena.allocate(s.filesz());
                MemorySegment.copy(file, (int) s.offset(), bytes, JAVA_BYTE, 0, (int) s.filesz());
                check("uc_mem_write", call(MEM_WRITE, uc, s.vaddr(), bytes, s.filesz()));
            }
        }
    }

    /** The initial stack as the kernel builds it, reduced to argc, argv, an empty envp and auxv. */
    private long stack(String program, String... args) {
        check("uc_mem_map", call(MEM_MAP, uc, STACK_TOP - STACK_SIZE, STACK_SIZE, UC_PROT_ALL));
        String[] argv = new String[args.length + 1];
        argv[0] = program;
        System.arraycopy(args, 0, argv, 1, args.length);
        long at = STACK_TOP;
        long[] pointers = new long[argv.length];
        for (int i = 0; i < argv.length; i++) {
            byte[] s = (argv[i] + "\0").getBytes(StandardCharsets.UTF_8);
            at -= s.length;
            writeBytes(at, s);
            pointers[i] = at;
        }
        // argc, argv[], NULL, envp NULL, auxv AT_NULL pair; 16-byte aligned at argc.
        int words = 1 + pointers.length + 1 + 1 + 2;
        at = (at - words * 8L) & -16L;
        MemorySegment block = arena.allocate(words * 8L);
        block.setAtIndex(JAVA_LONG, 0, argv.length);
        for (int i = 0; i < pointers.length; i++) {
            block.setAtIndex(JAVA_LONG, 1 + i, pointers[i]);
        }
        check("uc_mem_write", call(MEM_WRITE, uc, at, block, words * 8L));
        return at;
    }

    private void start(long entry, long sp) {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            if (arch == Arch.X86_64) {
                writeReg(UC_X86_REG_CR4, readReg(UC_X86_REG_CR4) | CR4_OSFXSR_OSXMMEXCPT);
                writeReg(UC_X86_REG_MXCSR, 0x1f80);
                writeReg(UC_X86_REG_RSP, sp);
                MethodHandle onSyscall = lookup.findVirtual(BareUnicorn.class, "onX86Syscall",
                        MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class)).bindTo(this);
                MemorySegment stub = LINKER.upcallStub(onSyscall, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), arena);
                check("uc_hook_add", call(HOOK_ADD_INSN, uc, arena.allocate(JAVA_LONG), UC_HOOK_INSN, stub,
                        MemorySegment.NULL, 1L, 0L, UC_X86_INS_SYSCALL));
            } else {
                writeReg(UC_ARM64_REG_CPACR_EL1, 3L << 20);
                writeReg(UC_ARM64_REG_SP, sp);
                MethodHandle onSvc = lookup.findVirtual(BareUnicorn.class, "onArm64Interrupt",
                        MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class))
                        .bindTo(this);
                MemorySegment stub = LINKER.upcallStub(onSvc, FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS),
                        arena);
                check("uc_hook_add", call(HOOK_ADD, uc, arena.allocate(JAVA_LONG), UC_HOOK_INTR, stub,
                        MemorySegment.NULL, 1L, 0L));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        check("uc_emu_start", call(EMU_START, uc, entry, 0L, 0L, 0L));
        if (exitStatus < 0) {
            throw new IllegalStateException("the program stopped without exit_group");
        }
    }

    @SuppressWarnings("unused") // an upcall
    private void onX86Syscall(MemorySegment engine, MemorySegment user) {
        long nr = readReg(UC_X86_REG_RAX);
        long result = syscall(nr, readReg(UC_X86_REG_RDI), readReg(UC_X86_REG_RSI), readReg(UC_X86_REG_RDX), 1, 231);
        writeReg(UC_X86_REG_RAX, result);
    }

    @SuppressWarnings("unused") // an upcall
    private void onArm64Interrupt(MemorySegment engine, int intno, MemorySegment user) {
        long nr = readReg(UC_ARM64_REG_X8);
        long result = syscall(nr, readReg(UC_ARM64_REG_X0), readReg(UC_ARM64_REG_X0 + 1), readReg(UC_ARM64_REG_X0 + 2),
                64, 94);
        writeReg(UC_ARM64_REG_X0, result);
    }

    /** write(fd, buf, count) is captured, exit_group(status) stops the engine; anything else is -ENOSYS. */
    private long syscall(long nr, long a0, long a1, long a2, long write, long exitGroup) {
        if (nr == write) {
            MemorySegment buf = arena.allocate(a2);
            check("uc_mem_read", call(MEM_READ, uc, a1, buf, a2));
            output.writeBytes(buf.toArray(JAVA_BYTE));
            return a2;
        }
        if (nr == exitGroup) {
            exitStatus = (int) a0 & 0xff;
            call(EMU_STOP, uc);
            return 0;
        }
        return -38;
    }

    private long readReg(int id) {
        check("uc_reg_read", call(REG_READ, uc, id, reg));
        return reg.get(JAVA_LONG, 0);
    }

    private void writeReg(int id, long value) {
        reg.set(JAVA_LONG, 0, value);
        check("uc_reg_write", call(REG_WRITE, uc, id, reg));
    }

    private void writeBytes(long addr, byte[] bytes) {
        MemorySegment seg = arena.allocate(bytes.length);
        MemorySegment.copy(bytes, 0, seg, JAVA_BYTE, 0, bytes.length);
        check("uc_mem_write", call(MEM_WRITE, uc, addr, seg, (long) bytes.length));
    }

    private void close() {
        call(CLOSE, uc);
        arena.close();
    }

    private static MethodHandle fn(String name, java.lang.foreign.MemoryLayout result,
            java.lang.foreign.MemoryLayout... args) {
        return LINKER.downcallHandle(LIB.find(name).orElseThrow(() -> new IllegalStateException(
                "libunicorn.so.2 lacks " + name + ": run 'apt-get install libunicorn2'")), FunctionDescriptor.of(result, args));
    }

    private static int call(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void check(String what, int err) {
        if (err != 0) {
            throw new IllegalStateException(what + " failed: uc_err " + err);
        }
    }
}
