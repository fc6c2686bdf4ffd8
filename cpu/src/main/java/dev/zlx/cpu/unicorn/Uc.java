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
import java.util.Objects;

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

    /** The library and the linker; loading it is the only eager step of the binding. */
    private static final class Lib {
        static final Linker LINKER = Linker.nativeLinker();
        static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup("libunicorn.so.2", Arena.global());

        static MethodHandle fn(String name, FunctionDescriptor d, Linker.Option... options) {
            MemorySegment sym = LOOKUP.find(name).orElseThrow(() -> new CpuException("libunicorn.so.2 lacks " + name));
            return LINKER.downcallHandle(sym, d, options);
        }
    }

    // Downcall handles, one holder class per C signature, each created on its first use. The JDK
    // spins a stub class (and its lambda forms) per distinct FunctionDescriptor and options, a few
    // ms each at start-up that the AOT cache does not keep; functions of one signature share the
    // stub, and signatures a run never calls (most of uc_ctl, uc_mem_protect, …) cost nothing.

    /** uc_err uc_open(uc_arch, uc_mode, uc_engine **). */
    private static final class Open {
        static final MethodHandle OPEN = Lib.fn("uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** uc_err f(uc_engine *) and uc_err f(uc_context *). */
    private static final class OfPtr {
        static final FunctionDescriptor D = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle CLOSE = Lib.fn("uc_close", D);
        static final MethodHandle ERRNO = Lib.fn("uc_errno", D);
        static final MethodHandle EMU_STOP = Lib.fn("uc_emu_stop", D);
        static final MethodHandle CONTEXT_FREE = Lib.fn("uc_context_free", D);
    }

    /** const char *uc_strerror(uc_err). */
    private static final class StrError {
        static final MethodHandle STRERROR = Lib.fn("uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /** Two pointers: uc_version(unsigned *, unsigned *) and uc_context_alloc/save/restore(uc, context). */
    private static final class OfPtrPtr {
        static final FunctionDescriptor D = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle VERSION = Lib.fn("uc_version", D);
        static final MethodHandle CONTEXT_ALLOC = Lib.fn("uc_context_alloc", D);
        static final MethodHandle CONTEXT_SAVE = Lib.fn("uc_context_save", D);
        static final MethodHandle CONTEXT_RESTORE = Lib.fn("uc_context_restore", D);
    }

    /** uc_mem_map_ptr(uc, uint64_t address, size_t size, uint32_t perms, void *ptr). */
    private static final class MemMapPtr {
        static final MethodHandle MEM_MAP_PTR = Lib.fn("uc_mem_map_ptr",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
    }

    /** uc_mem_unmap(uc, uint64_t address, size_t size). */
    private static final class MemUnmap {
        static final MethodHandle MEM_UNMAP = Lib.fn("uc_mem_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    }

    /** uc_mem_protect(uc, uint64_t address, size_t size, uint32_t perms). */
    private static final class MemProtect {
        static final MethodHandle MEM_PROTECT = Lib.fn("uc_mem_protect",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
    }

    /** uc_reg_read/write(uc, int regid, void *value) and the same on a uc_context. */
    private static final class Reg {
        static final FunctionDescriptor D = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle REG_READ = Lib.fn("uc_reg_read", D);
        static final MethodHandle REG_WRITE = Lib.fn("uc_reg_write", D);
        static final MethodHandle CONTEXT_REG_READ = Lib.fn("uc_context_reg_read", D);
        static final MethodHandle CONTEXT_REG_WRITE = Lib.fn("uc_context_reg_write", D);
    }

    /** uc_reg_read/write_batch(uc, int *regs, void **vals, int count). */
    private static final class RegBatch {
        static final FunctionDescriptor D = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT);
        static final MethodHandle REG_READ_BATCH = Lib.fn("uc_reg_read_batch", D);
        static final MethodHandle REG_WRITE_BATCH = Lib.fn("uc_reg_write_batch", D);
    }

    /**
     * uc_hook_add(uc, uc_hook *hh, int type, void *callback, void *user_data, uint64_t begin,
     * uint64_t end, ...) with one variadic int: UC_HOOK_INSN's instruction id, 0 for the other hook
     * types, which read no variadic argument (C lets a call pass more than the callee takes), so
     * that every hook_add shares one stub.
     */
    private static final class HookAdd {
        static final MethodHandle HOOK_ADD = Lib.fn("uc_hook_add",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT),
                Linker.Option.firstVariadicArg(7));
    }

    /** uc_hook_del(uc, uc_hook hh); uc_hook is a size_t. */
    private static final class HookDel {
        static final MethodHandle HOOK_DEL = Lib.fn("uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /** uc_emu_start(uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count). */
    private static final class EmuStart {
        static final MethodHandle EMU_START = Lib.fn("uc_emu_start",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    }

    /** size_t uc_context_size(uc). */
    private static final class ContextSize {
        static final MethodHandle CONTEXT_SIZE = Lib.fn("uc_context_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    }

    /** uc_ctl(uc, UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE, 2), uint64_t begin, uint64_t end). */
    private static final class CtlTwoLongs {
        static final MethodHandle CTL = Lib.fn("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    }

    /** uc_ctl(uc, control, int) — UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1). */
    private static final class CtlInt {
        static final MethodHandle CTL = Lib.fn("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    }

    /** uc_ctl(uc, control, int *) — UC_CTL_READ(UC_CTL_CPU_MODEL, 1). */
    private static final class CtlPtr {
        static final MethodHandle CTL = Lib.fn("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(2));
    }

    /** Upcall signatures of the hooks. */
    static final class Upcalls {
        static final FunctionDescriptor INTR_DESC = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS);
        static final FunctionDescriptor SYSCALL_DESC = FunctionDescriptor.ofVoid(ADDRESS, ADDRESS);
        static final FunctionDescriptor CPUID_DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final FunctionDescriptor PORT_IN_DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
        static final FunctionDescriptor PORT_OUT_DESC = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        static final FunctionDescriptor CODE_DESC = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS);
        static final FunctionDescriptor MEM_EVENT_DESC =
                FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS);
    }

    /**
     * Loads the library once (its functions are bound on first use); throws CpuException with
     * {@link #NOT_INSTALLED}.
     */
    static void load() {
        try {
            Objects.requireNonNull(Lib.LOOKUP);
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
            return (int) OfPtrPtr.VERSION.invokeExact(MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_strerror(code) as a Java string. */
    static String strerror(int code) {
        try {
            MemorySegment s = (MemorySegment) StrError.STRERROR.invokeExact(code);
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
    /**
     * Whether uc_emu_start has run on this engine: Unicorn translates blocks only while it runs,
     * so before that there is no cache to drop (an exec fills the new image before the first run).
     */
    private boolean started;

    /** uc_open(arch, mode). */
    Uc(int arch, int mode) {
        load();
        MemorySegment out = arena.allocate(ADDRESS);
        check("uc_open", invokeInt(Open.OPEN, arch, mode, out));
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
            return (int) OfPtr.ERRNO.invokeExact(engine);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memMapPtr(long address, long size, int perms, MemorySegment host) {
        try {
            check("uc_mem_map_ptr", (int) MemMapPtr.MEM_MAP_PTR.invokeExact(engine, address, size, perms, host));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memUnmap(long address, long size) {
        try {
            check("uc_mem_unmap", (int) MemUnmap.MEM_UNMAP.invokeExact(engine, address, size));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memProtect(long address, long size, int perms) {
        try {
            check("uc_mem_protect", (int) MemProtect.MEM_PROTECT.invokeExact(engine, address, size, perms));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long regRead(int regid) {
        try {
            check("uc_reg_read", (int) Reg.REG_READ.invokeExact(engine, regid, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return cell.get(JAVA_LONG, 0);
    }

    void regWrite(int regid, long value) {
        cell.set(JAVA_LONG, 0, value);
        try {
            check("uc_reg_write", (int) Reg.REG_WRITE.invokeExact(engine, regid, cell));
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
            check("uc_reg_read", (int) Reg.REG_READ.invokeExact(engine, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_reg_write from buf, for registers wider than 8 bytes (see {@link #regReadInto}). */
    void regWriteFrom(int regid, MemorySegment buf) {
        try {
            check("uc_reg_write", (int) Reg.REG_WRITE.invokeExact(engine, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_context_reg_read into buf (see {@link #regReadInto}). */
    static void contextRegReadInto(MemorySegment context, int regid, MemorySegment buf) {
        try {
            check("uc_context_reg_read", (int) Reg.CONTEXT_REG_READ.invokeExact(context, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_context_reg_write from buf (see {@link #regReadInto}). */
    static void contextRegWriteFrom(MemorySegment context, int regid, MemorySegment buf) {
        try {
            check("uc_context_reg_write", (int) Reg.CONTEXT_REG_WRITE.invokeExact(context, regid, buf));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_reg_read_batch over preallocated arrays: regs (int[count]) and vals (void*[count]). */
    void regReadBatch(MemorySegment regs, MemorySegment vals, int count) {
        try {
            check("uc_reg_read_batch", (int) RegBatch.REG_READ_BATCH.invokeExact(engine, regs, vals, count));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void regWriteBatch(MemorySegment regs, MemorySegment vals, int count) {
        try {
            check("uc_reg_write_batch", (int) RegBatch.REG_WRITE_BATCH.invokeExact(engine, regs, vals, count));
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
            check("uc_hook_add", (int) HookAdd.HOOK_ADD.invokeExact(engine, hh, type, callback, userData, begin, end, 0));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return hh.get(JAVA_LONG, 0);
    }

    /** uc_hook_add(UC_HOOK_INSN, …, insn) with the instruction id passed as a variadic int. */
    long hookAddInsn(MemorySegment callback, MemorySegment userData, long begin, long end, int insn) {
        MemorySegment hh = arena.allocate(JAVA_LONG);
        try {
            check("uc_hook_add", (int) HookAdd.HOOK_ADD.invokeExact(
                    engine, hh, UcConst.UC_HOOK_INSN, callback, userData, begin, end, insn));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return hh.get(JAVA_LONG, 0);
    }

    void hookDel(long hook) {
        try {
            check("uc_hook_del", (int) HookDel.HOOK_DEL.invokeExact(engine, hook));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_emu_start(begin, until = 0, no timeout, no count); returns the raw uc_err. */
    int emuStart(long begin) {
        started = true;
        try {
            return (int) EmuStart.EMU_START.invokeExact(engine, begin, 0L, 0L, 0L);
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
        int ignored = (int) OfPtr.EMU_STOP.invokeExact(engine);
    }

    /** uc_emu_stop; safe from any thread while the engine is open. */
    void emuStop() {
        try {
            check("uc_emu_stop", (int) OfPtr.EMU_STOP.invokeExact(engine));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment contextAlloc() {
        MemorySegment out = arena.allocate(ADDRESS);
        try {
            check("uc_context_alloc", (int) OfPtrPtr.CONTEXT_ALLOC.invokeExact(engine, out));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return out.get(ADDRESS, 0);
    }

    /** uc_context_size: bytes of a uc_context of this engine (header and CPU state). */
    long contextSize() {
        try {
            return (long) ContextSize.CONTEXT_SIZE.invokeExact(engine);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void contextSave(MemorySegment context) {
        try {
            check("uc_context_save", (int) OfPtrPtr.CONTEXT_SAVE.invokeExact(engine, context));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void contextRestore(MemorySegment context) {
        try {
            check("uc_context_restore", (int) OfPtrPtr.CONTEXT_RESTORE.invokeExact(engine, context));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void contextFree(MemorySegment context) {
        try {
            check("uc_context_free", (int) OfPtr.CONTEXT_FREE.invokeExact(context));
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
            check("uc_context_reg_read", (int) Reg.CONTEXT_REG_READ.invokeExact(context, regid, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return cell.get(JAVA_LONG, 0);
    }

    void contextRegWrite(MemorySegment context, int regid, long value) {
        cell.set(JAVA_LONG, 0, value);
        try {
            check("uc_context_reg_write", (int) Reg.CONTEXT_REG_WRITE.invokeExact(context, regid, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_ctl_remove_cache(uc, begin, end): drops translated blocks in [begin, end). */
    void removeCache(long begin, long end) {
        if (!started) {
            return;
        }
        int control = UcConst.ucCtl(UcConst.UC_CTL_TB_REMOVE_CACHE, 2, UcConst.UC_CTL_IO_WRITE);
        try {
            check("uc_ctl_remove_cache", (int) CtlTwoLongs.CTL.invokeExact(engine, control, begin, end));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** uc_ctl_get_cpu_model. */
    int cpuModel() {
        int control = UcConst.ucCtl(UcConst.UC_CTL_CPU_MODEL, 1, UcConst.UC_CTL_IO_READ);
        try {
            check("uc_ctl_get_cpu_model", (int) CtlPtr.CTL.invokeExact(engine, control, cell));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return cell.get(JAVA_INT, 0);
    }

    /** uc_ctl_set_cpu_model; only valid right after uc_open. */
    void setCpuModel(int model) {
        int control = UcConst.ucCtl(UcConst.UC_CTL_CPU_MODEL, 1, UcConst.UC_CTL_IO_WRITE);
        try {
            check("uc_ctl_set_cpu_model", (int) CtlInt.CTL.invokeExact(engine, control, model));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An upcall stub living as long as this engine. */
    MemorySegment cpuidStub(CpuidHook h) {
        return stub(h, CpuidHook.class, "onCpuid", Upcalls.CPUID_DESC);
    }

    MemorySegment codeStub(CodeHook h) {
        return stub(h, CodeHook.class, "onCode", Upcalls.CODE_DESC);
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
            check("uc_close", (int) OfPtr.CLOSE.invokeExact(engine));
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
