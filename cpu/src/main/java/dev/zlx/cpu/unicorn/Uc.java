package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.zlx.cpu.CpuException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * A thin binding of one Unicorn 2 engine (libunicorn.so.2) through the Foreign Function & Memory
 * API. Each method is one C call; every error code other than UC_ERR_OK becomes a {@link
 * CpuException} carrying uc_strerror's message. Not thread-safe except {@link #emuStop}, which
 * Unicorn allows from any thread.
 *
 * <p>uc_emu_start is always called with until = 0: a real until address makes Unicorn throw away
 * the translated block around it on every start (see shared/UNICORN.md).
 */
final class Uc implements AutoCloseable {
    /** One-line message when the library cannot be loaded. */
    static final String NOT_INSTALLED = "libunicorn 2 is not installed: run 'apt-get install libunicorn2'";

    /**
     * Upcall signature of UC_HOOK_INSN cpuid (uc_cb_insn_cpuid_t): int (uc_engine *uc, void *user_data).
     * 2.0.1's x86.h declares the result as int (later releases: bool); non-zero skips Unicorn's
     * own CPUID emulation, zero lets it run after the hook.
     */
    interface CpuidHook {
        int onCpuid(MemorySegment uc, MemorySegment user);
    }

    /** Upcall signature of UC_HOOK_CODE: void (uc_engine *, uint64_t address, uint32_t size, void *). */
    interface CodeHook {
        void onCode(MemorySegment uc, long address, int size, MemorySegment user);
    }

    /** Upcall signature of UC_HOOK_MEM_*_UNMAPPED/PROT: bool (uc, type, address, size, value, user). */

    static final class Lib {
        static final Linker LINKER = Linker.nativeLinker();
        static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup("libunicorn.so.2", Arena.global());

        static final MethodHandle OPEN = fn("uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle CLOSE = fn("uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle STRERROR = fn("uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        static final MethodHandle ERRNO = fn("uc_errno", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle VERSION = fn("uc_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle MEM_MAP_PTR = fn("uc_mem_map_ptr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
        static final MethodHandle MEM_UNMAP = fn("uc_mem_unmap",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        static final MethodHandle MEM_PROTECT = fn("uc_mem_protect",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle REG_READ = fn("uc_reg_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle REG_WRITE = fn("uc_reg_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle REG_READ_BATCH = fn("uc_reg_read_batch",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle REG_WRITE_BATCH = fn("uc_reg_write_batch",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        /** uc_hook_add with no variadic argument. */
        static final MethodHandle HOOK_ADD = fn("uc_hook_add",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(7));
        /** uc_hook_add with UC_HOOK_INSN's instruction id as its one variadic int. */
        static final MethodHandle HOOK_ADD_INSN = fn("uc_hook_add",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT),
                Linker.Option.firstVariadicArg(7));
        static final MethodHandle HOOK_DEL = fn("uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle EMU_START = fn("uc_emu_start",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle EMU_STOP = fn("uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle CONTEXT_ALLOC = fn("uc_context_alloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle CONTEXT_SAVE = fn("uc_context_save", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle CONTEXT_RESTORE = fn("uc_context_restore", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle CONTEXT_SIZE = fn("uc_context_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        static final MethodHandle CONTEXT_FREE = fn("uc_context_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle CONTEXT_REG_READ = fn("uc_context_reg_read",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle CONTEXT_REG_WRITE = fn("uc_context_reg_write",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        /** uc_ctl(uc, UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE, 2), uint64_t begin, uint64_t end). */
        static final MethodHandle CTL_2_LONGS = fn("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
        /** uc_ctl(uc, control, int) — UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1). */
        static final MethodHandle CTL_INT = fn("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
        /** uc_ctl(uc, control, int *) — UC_CTL_READ(UC_CTL_CPU_MODEL, 1). */
        static final MethodHandle CTL_PTR = fn("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(2));

        static final FunctionDescriptor INTR_DESC = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
        static final FunctionDescriptor SYSCALL_DESC = FunctionDescriptor.ofVoid(ADDRESS, ADDRESS);
        static final FunctionDescriptor CPUID_DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final FunctionDescriptor PORT_IN_DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
        static final FunctionDescriptor PORT_OUT_DESC = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        static final FunctionDescriptor CODE_DESC = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
        static final FunctionDescriptor MEM_EVENT_DESC =
                FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);

        private static MethodHandle fn(String name, FunctionDescriptor d, Linker.Option... options) {
            MemorySegment sym = LOOKUP.find(name).orElseThrow(() -> new CpuException("libunicorn.so.2 lacks " + name));
            return LINKER.downcallHandle(sym, d, options);
        }
    }

    /** Loads the library and its symbols once; throws CpuException with {@link #NOT_INSTALLED}. */
    static void load() {
        try {
            Lib.OPEN.type();
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CpuException ce) {
                throw ce;
            }
            throw new CpuException(NOT_INSTALLED, cause);
        }
    }

    /** uc_version(): (major << 24) | (minor << 16) | (patch << 8) | extra in 2.x. */
    static int version() {
        load();
        try {
            return (int) Lib.VERSION.invokeExact(MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_strerror(code) as a Java string. */
    static String strerror(int code) {
        try {
            MemorySegment s = (MemorySegment) Lib.STRERROR.invokeExact(code);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment engine;
    /** 8-byte scratch cell for single register values; used under the caller's execution lock. */
    private final MemorySegment cell;
    private boolean closed;

    /** uc_open(arch, mode). */
    Uc(int arch, int mode) {
        load();
        MemorySegment out = arena.allocate(ADDRESS);
        check("uc_open", invokeInt(Lib.OPEN, arch, mode, out));
        engine = out.get(ADDRESS, 0);
        cell = arena.allocate(JAVA_LONG);
    }

    /** The arena that lives as long as this engine (for upcall stubs and preallocated buffers). */
    Arena arena() {
        return arena;
    }

    MemorySegment engine() {
        return engine;
    }

    /** uc_errno(uc): the last error of this engine. */
    int errno() {
        try {
            return (int) Lib.ERRNO.invokeExact(engine);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memMapPtr(long address, long size, int perms, MemorySegment host) {
        try {
            check("uc_mem_map_ptr", (int) Lib.MEM_MAP_PTR.invokeExact(engine, address, size, perms, host));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memUnmap(long address, long size) {
        try {
            check("uc_mem_unmap", (int) Lib.MEM_UNMAP.invokeExact(engine, address, size));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memProtect(long address, long size, int perms) {
        try {
            check("uc_mem_protect", (int) Lib.MEM_PROTECT.invokeExact(engine, address, size, perms));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long regRead(int regid) {
        try {
            check("uc_reg_read", (int) Lib.REG_READ.invokeExact(engine, regid, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return cell.get(JAVA_LONG, 0);
    }

    void regWrite(int regid, long value) {
        cell.set(JAVA_LONG, 0, value);
        try {
            check("uc_reg_write", (int) Lib.REG_WRITE.invokeExact(engine, regid, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * uc_reg_read of a register wider than 8 bytes (x87 FP0–FP7: 10 bytes, XMM and aarch64 V: 16)
     * into buf, which must be large enough; 2.0.1 has no size argument, so buf decides nothing.
     */
    void regReadInto(int regid, MemorySegment buf) {
        try {
            check("uc_reg_read", (int) Lib.REG_READ.invokeExact(engine, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_reg_write from buf, for registers wider than 8 bytes (see {@link #regReadInto}). */
    void regWriteFrom(int regid, MemorySegment buf) {
        try {
            check("uc_reg_write", (int) Lib.REG_WRITE.invokeExact(engine, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_context_reg_read into buf (see {@link #regReadInto}). */
    static void contextRegReadInto(MemorySegment context, int regid, MemorySegment buf) {
        try {
            check("uc_context_reg_read", (int) Lib.CONTEXT_REG_READ.invokeExact(context, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_context_reg_write from buf (see {@link #regReadInto}). */
    static void contextRegWriteFrom(MemorySegment context, int regid, MemorySegment buf) {
        try {
            check("uc_context_reg_write", (int) Lib.CONTEXT_REG_WRITE.invokeExact(context, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_reg_read_batch over preallocated arrays: regs (int[count]) and vals (void*[count]). */
    void regReadBatch(MemorySegment regs, MemorySegment vals, int count) {
        try {
            check("uc_reg_read_batch", (int) Lib.REG_READ_BATCH.invokeExact(engine, regs, vals, count));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void regWriteBatch(MemorySegment regs, MemorySegment vals, int count) {
        try {
            check("uc_reg_write_batch", (int) Lib.REG_WRITE_BATCH.invokeExact(engine, regs, vals, count));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_hook_add for hook types without a variadic argument; returns the uc_hook handle. */
    long hookAdd(int type, MemorySegment callback, long begin, long end) {
        return hookAdd(type, callback, MemorySegment.NULL, begin, end);
    }

    /** uc_hook_add with the user_data pointer passed to every call of the callback. */
    long hookAdd(int type, MemorySegment callback, MemorySegment userData, long begin, long end) {
        MemorySegment hh = arena.allocate(JAVA_LONG);
        try {
            check("uc_hook_add", (int) Lib.HOOK_ADD.invokeExact(engine, hh, type, callback, userData, begin, end));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return hh.get(JAVA_LONG, 0);
    }

    /** uc_hook_add(UC_HOOK_INSN, …, insn) with the instruction id passed as a variadic int. */
    long hookAddInsn(MemorySegment callback, MemorySegment userData, long begin, long end, int insn) {
        MemorySegment hh = arena.allocate(JAVA_LONG);
        try {
            check("uc_hook_add", (int) Lib.HOOK_ADD_INSN.invokeExact(
                    engine, hh, UcConst.UC_HOOK_INSN, callback, userData, begin, end, insn));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return hh.get(JAVA_LONG, 0);
    }

    void hookDel(long hook) {
        try {
            check("uc_hook_del", (int) Lib.HOOK_DEL.invokeExact(engine, hook));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_emu_start(begin, until = 0, no timeout, no count); returns the raw uc_err. */
    int emuStart(long begin) {
        try {
            return (int) Lib.EMU_START.invokeExact(engine, begin, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The address of uc_emu_stop in libunicorn (for native hook code that calls it). */
    static MemorySegment emuStopAddress() {
        return Lib.LOOKUP.find("uc_emu_stop").orElseThrow();
    }

    /** uc_emu_stop on the engine handle a hook was given (inside that hook). */
    static void emuStopRaw(MemorySegment engine) throws Throwable {
        int ignored = (int) Lib.EMU_STOP.invokeExact(engine);
    }

    /** uc_emu_stop; safe from any thread while the engine is open. */
    void emuStop() {
        try {
            check("uc_emu_stop", (int) Lib.EMU_STOP.invokeExact(engine));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment contextAlloc() {
        MemorySegment out = arena.allocate(ADDRESS);
        try {
            check("uc_context_alloc", (int) Lib.CONTEXT_ALLOC.invokeExact(engine, out));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return out.get(ADDRESS, 0);
    }

    /** uc_context_size: bytes of a uc_context of this engine (header and CPU state). */
    long contextSize() {
        try {
            return (long) Lib.CONTEXT_SIZE.invokeExact(engine);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void contextSave(MemorySegment context) {
        try {
            check("uc_context_save", (int) Lib.CONTEXT_SAVE.invokeExact(engine, context));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void contextRestore(MemorySegment context) {
        try {
            check("uc_context_restore", (int) Lib.CONTEXT_RESTORE.invokeExact(engine, context));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void contextFree(MemorySegment context) {
        try {
            check("uc_context_free", (int) Lib.CONTEXT_FREE.invokeExact(context));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_context_reg_read with the caller's cell: touches only the context, safe while the engine runs. */
    static long contextRegRead(MemorySegment context, int regid, MemorySegment cell) {
        contextRegReadInto(context, regid, cell);
        return cell.get(JAVA_LONG, 0);
    }

    /** uc_context_reg_write with the caller's cell: touches only the context, safe while the engine runs. */
    static void contextRegWrite(MemorySegment context, int regid, long value, MemorySegment cell) {
        cell.set(JAVA_LONG, 0, value);
        contextRegWriteFrom(context, regid, cell);
    }

    long contextRegRead(MemorySegment context, int regid) {
        try {
            check("uc_context_reg_read", (int) Lib.CONTEXT_REG_READ.invokeExact(context, regid, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return cell.get(JAVA_LONG, 0);
    }

    void contextRegWrite(MemorySegment context, int regid, long value) {
        cell.set(JAVA_LONG, 0, value);
        try {
            check("uc_context_reg_write", (int) Lib.CONTEXT_REG_WRITE.invokeExact(context, regid, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_ctl_remove_cache(uc, begin, end): drops translated blocks in [begin, end). */
    void removeCache(long begin, long end) {
        int control = UcConst.ucCtl(UcConst.UC_CTL_TB_REMOVE_CACHE, 2, UcConst.UC_CTL_IO_WRITE);
        try {
            check("uc_ctl_remove_cache", (int) Lib.CTL_2_LONGS.invokeExact(engine, control, begin, end));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_ctl_get_cpu_model. */
    int cpuModel() {
        int control = UcConst.ucCtl(UcConst.UC_CTL_CPU_MODEL, 1, UcConst.UC_CTL_IO_READ);
        try {
            check("uc_ctl_get_cpu_model", (int) Lib.CTL_PTR.invokeExact(engine, control, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return cell.get(JAVA_INT, 0);
    }

    /** uc_ctl_set_cpu_model; only valid right after uc_open. */
    void setCpuModel(int model) {
        int control = UcConst.ucCtl(UcConst.UC_CTL_CPU_MODEL, 1, UcConst.UC_CTL_IO_WRITE);
        try {
            check("uc_ctl_set_cpu_model", (int) Lib.CTL_INT.invokeExact(engine, control, model));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An upcall stub living as long as this engine. */
    MemorySegment cpuidStub(CpuidHook h) {
        return stub(h, CpuidHook.class, "onCpuid", Lib.CPUID_DESC);
    }

    MemorySegment codeStub(CodeHook h) {
        return stub(h, CodeHook.class, "onCode", Lib.CODE_DESC);
    }

    /** An upcall stub of the static method owner.method that lives as long as the JVM. */
    static MemorySegment sharedStub(Class<?> owner, String method, FunctionDescriptor d) {
        try {
            MethodHandle mh = MethodHandles.lookup().findStatic(owner, method, d.toMethodType());
            return Lib.LINKER.upcallStub(mh, d, Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new CpuException("cannot bind upcall " + method, e);
        }
    }

    private <T> MemorySegment stub(T target, Class<T> type, String method, FunctionDescriptor d) {
        try {
            MethodHandle mh = MethodHandles.lookup()
                    .findVirtual(type, method, d.toMethodType())
                    .bindTo(target);
            return Lib.LINKER.upcallStub(mh, d, arena);
        } catch (ReflectiveOperationException e) {
            throw new CpuException("cannot bind upcall " + method, e);
        }
    }

    /** uc_close, then frees the arena (upcall stubs, scratch memory). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            check("uc_close", (int) Lib.CLOSE.invokeExact(engine));
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            arena.close();
        }
    }

    private static int invokeInt(MethodHandle mh, int a, int b, MemorySegment c) {
        try {
            return (int) mh.invokeExact(a, b, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void check(String what, int err) {
        if (err != UcConst.UC_ERR_OK) {
            throw new CpuException(what + ": " + strerror(err));
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new CpuException("unexpected checked exception from libunicorn", t);
    }
}
