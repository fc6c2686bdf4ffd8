/**
 * The Unicorn 2 CPU backend: libunicorn.so.2 bound through the Foreign Function & Memory API.
 * Nothing here is part of the CPU seam; the kernel reaches it only as a {@code CpuBackend} from
 * {@code dev.zlx.cpu.CpuBackends.unicorn()}.
 *
 * <p>Classes: {@link dev.zlx.cpu.unicorn.Uc} (one C call per method), {@code UcConst} (header
 * constants), {@code HostMemory} (libc mmap/munmap/madvise, the pagemap-guided sparse copy for fork), {@code UnicornAddressSpace} (region
 * map, accessors), {@code UnicornEngine} (one engine with its hooks, stop check and pristine
 * context) and {@code EnginePool} (clean engines of closed spaces, kept for the next), {@code UnicornContext} (a guest thread's registers and run loop),
 * {@code Hooks} (the upcall bodies), {@code HookStubs} and {@code HookSlots} (one upcall stub per hook type for the whole JVM, finding each engine's Hooks by user_data), {@code StopCheck} (exact stops asked by other threads), {@code UnicornFeatures} (HWCAP and model names), {@code
 * X86Cpuid} (the CPUID table the x86-64 guest sees), {@code FpStateCodec} (FP/SIMD registers to
 * and from Linux's signal-frame layouts), {@code UnicornSharedMemory} (host pages several engines
 * map), {@code ExecutionDomain} (the execution lock of engines that share memory).
 *
 * <p>Lock order: the execution lock (the address space's domain's), then the space's stop lock.
 * Hooks run on the running thread with the execution lock held; {@code interrupt()} takes only
 * the stop lock. Engines that map the same shared memory take turns under one execution lock
 * (their domains merge), because Unicorn's guest atomics are plain loads and stores.
 *
 * <p>Handover (guest threads: several contexts of one space, each run by its own Java thread):
 * a run holds the execution lock for as long as the guest neither traps nor faults, so the lock
 * is fair and every acquisition (run, register access, map/unmap/protect/zero, createContext,
 * copyRegistersTo, copy, close) goes through {@code UnicornAddressSpace.acquire()}. Fast path,
 * unchanged for a single thread: one tryLock when nobody waits. Otherwise the thread counts
 * itself as a contender (a runner calling run() again then cannot barge past it), and until it
 * gets the lock it repeats, every 50 µs: a stop request to the context in the guest once that
 * run has been in uc_emu_start for 500 µs (the time slice: two threads stopping each other at
 * once would otherwise make no progress), then a timed fair tryLock. The stopped run returns
 * STOPPED (no handler involved); the caller runs again and queues behind the waiter. A
 * reentrant acquisition (a trap handler's map, fork's copy) stops nothing. The run clears its
 * in-guest mark under the stop lock and records whether another thread stopped it, so a stop
 * can reach only the run it was meant for. A run that ends because a trap handler moved the PC
 * returns STOPPED instead of resuming when someone waits.
 *
 * <p>Registers outside a run: in a space with several contexts a run ends by saving the
 * registers into its context's blob (uc_context_save) and leaving the engine to nobody, so the
 * context's own thread reads and writes them (syscall arguments and result, signal frames)
 * with uc_context_reg_* under the context's blob lock, without waiting for the execution lock
 * another thread's run holds. Before, each such access waited for a handover: a futex round
 * trip between two threads took about 95 µs, now about 30 µs.
 *
 * <p>Stops from other threads (handover and interrupt()) go through {@code StopCheck}: a flag
 * read by a UC_HOOK_BLOCK at every block start, whose callback calls uc_emu_stop inside the
 * hook. A uc_emu_stop issued by another thread instead leaves Unicorn 2.0.1's PC stale (the last
 * instruction that synchronised it), so the next run repeats instructions; HandoverTest's
 * exactness test catches that. On x86-64 hosts the hook is a few bytes of host machine code
 * (no measurable cost per block); elsewhere a Java upcall.
 *
 * <p>Facts measured on Debian's libunicorn2 2.0.1.post1 (they shape the code):
 * <ul>
 *   <li>Writing RIP inside the x86 syscall hook: Unicorn adds the syscall's length (2) to the
 *       written value after the hook returns, and a uc_emu_stop issued in the same hook after
 *       the write is ignored (the guest runs on). So PC writes inside a trap handler are
 *       deferred: the hook stops the engine, the run writes PC after uc_emu_start returns and
 *       restarts if the handler asked to resume. A plain uc_emu_stop in the hook leaves RIP
 *       after the syscall.
 *   <li>aarch64 svc arrives at UC_HOOK_INTR with intno 2 and PC past the svc; brk is intno 7
 *       (EXCP_BKPT); an undefined instruction (udf, LSE atomics) is intno 1 (EXCP_UDEF) with PC
 *       at the instruction, reported as ILLEGAL_INSTRUCTION. x86 ud2 makes uc_emu_start fail
 *       with UC_ERR_INSN_INVALID; int3 is intno 3 (RIP after it), int 0x80 is 0x80, div by zero 0.
 *       x86 hlt ends uc_emu_start with UC_ERR_OK; it is reported as EXCEPTION 13 (#GP, as Linux).
 *   <li>Partial uc_mem_unmap and uc_mem_protect of a uc_mem_map_ptr region work: Unicorn splits
 *       it, and the guest faults exactly in the changed pages (UnicornAddressSpaceTest).
 *   <li>uc_ctl_remove_cache (UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE, 2) = 0x48000009) makes code
 *       rewritten through the host buffer visible; without it the old translation runs.
 *       UC_CTL_NONE(UC_CTL_TB_FLUSH, 0) returns UC_ERR_ARG; unicorn.h's own flush macro uses
 *       UC_CTL_WRITE.
 *   <li>aarch64: the default CPU model is Cortex-A72 (UC_CPU_ARM64_A72, MIDR_EL1 0x410fd083),
 *       running at EL1 (CurrentEL = 4) with the MMU off (SCTLR_EL1 0xc50838: A = 0). FP/SIMD
 *       execute although CPACR_EL1 reads 0; FPEN is set to 0b11 at creation anyway. Unaligned
 *       loads, TPIDR_EL0 (MSR/MRS) and addresses up to 2^48 work.
 *   <li>x86-64 CPUID: Unicorn's own answers do not match what it executes. Leaf 1 EDX is
 *       0x07088100, without FPU, TSC and MMX though x87, rdtsc and MMX execute, so Debian's
 *       ld.so refuses libc.so.6 ("CPU ISA level is lower than required"); SSE3 is missing though
 *       it executes; BMI2 is claimed though pdep/pext compute with swapped operands; SMAP,
 *       SKINIT, AltMovCr8 and 3DNow! are claimed. So every x86-64 engine has a UC_HOOK_INSN
 *       hook on UC_X86_INS_CPUID (113 in x86.h; callback int (*)(uc, user_data), non-zero
 *       skips Unicorn's CPUID, verified in X86CpuidTest) answering from {@code X86Cpuid}'s
 *       table: Unicorn's answers, measured once per process on a scratch engine without the
 *       hook, reduced to bits whose instructions were run against hardware results, plus the
 *       ones that execute: leaf 1 EDX 0x07888111 (FPU TSC CX8 CMOV CLFSH MMX FXSR SSE SSE2),
 *       ECX 0x02182201 (SSE3 SSSE3 CX16 SSE4.1 SSE4.2 AES), leaf 7 EBX 0x00080008 (BMI1 ADX),
 *       0x80000001 ECX 0x21 (LAHF ABM/LZCNT) and EDX 0x28100800 (SYSCALL NX RDTSCP LM).
 *       Not advertised: POPCNT, MOVBE, PCLMULQDQ, RDRAND, XSAVE/OSXSAVE, AVX (#UD or wrong
 *       VEX results), FSGSBASE (rdfsbase raises #UD), BMI2. Without POPCNT the guest is no
 *       x86-64-v2 machine: glibc-hwcaps picks baseline libraries. Leaves outside the table
 *       (cache descriptors, leaf 7 subleaf 1…) are Unicorn's. AT_HWCAP is leaf 1 EDX of this
 *       table, AT_HWCAP2 is 0, the model name is the brand string.
 *   <li>x86-64 start state: Unicorn 2.0.1 starts with CR4 = 0, MXCSR = 0 and x87 FCW = 0. With
 *       CR4.OSFXSR clear, fxsave/fxrstor skip MXCSR and the xmm registers (glibc's lazy-binding
 *       trampoline uses them when there is no XSAVE). Each x86-64 engine sets CR4.OSFXSR and
 *       OSXMMEXCPT, MXCSR 0x1f80 and FCW 0x37f (Linux's start values) before the pristine
 *       context is saved. x87 and SSE exception flags (FSW.PE, MXCSR.PE…) are not raised by
 *       Unicorn: fetestexcept sees no exceptions (results themselves match hardware).
 *   <li>fork ({@code AddressSpace.copy}, {@code ExecutionContext.copyRegistersTo}, ForkTest): a
 *       uc_context of 2.0.1 is a 16-byte header (size, mode, arch) plus a memcpy of the CPU
 *       state (no pointers into the engine), and uc_context_restore on another engine of the
 *       same arch/mode works: general registers, RIP/PC, RFLAGS/NZCV, FS/GS base, TPIDR_EL0,
 *       x87 stack, MXCSR, xmm, v registers, FPCR, FPSR all arrive (about 2.5 µs per copy).
 *       Pitfall: inside a hook (uc_emu_start running) x86's arithmetic flags and DF live in
 *       QEMU's lazy-flag fields and env->eflags lacks them; the next uc_emu_start rebuilds the
 *       lazy fields from env->eflags (x86_cpu_exec_enter), so a context saved in the syscall
 *       hook and started elsewhere lost CF, SF, DF… (measured). copyRegistersTo therefore
 *       writes the computed RFLAGS into the copy, and the PC the guest resumes at (RIP + 2).
 *       RCX/R11 are already set by the syscall entry before the handler runs, so they are
 *       copied. createContext copies the pristine blob byte for byte instead of going through
 *       the engine, so it is safe inside a trap handler (before, it replaced the running
 *       context's registers in the engine).
 *   <li>Reusing an engine ({@code EnginePool}): a new space with three regions, mapped and
 *       closed, cost 550–1400 µs with a new engine each time and 180–250 µs with a kept one.
 *       A kept engine must not run the old program's translations: every executable region
 *       is dropped from the translation cache (uc_ctl_remove_cache) before it is unmapped,
 *       which EnginePoolTest checks with new code at the old address. uc_ctl_flush_tb is no
 *       option: in 2.0.1 it zero-fills a buffer as large as the whole translation cache
 *       (100 fork + exec reached 3.3 GB peak RSS). Invalidated code stays in the buffer, so an
 *       engine serves at most 16 spaces. uc_mem_unmap flushes the soft TLB page by page, so a
 *       space of more than 256 MiB closes its engine instead.
 *   <li>copy() cost (2-core Debian 12 VM, kernel 6.18, medians): a new engine 0.8 ms; a space
 *       of 20 small regions 1.3 ms; 100 MiB fully written 39 ms (67 ms without
 *       MADV_POPULATE_WRITE on the destination: page faults dominate, memcpy into faulted
 *       memory is 11 ms); 1 GiB with 4 written pages 5 ms, 16 KiB copied; the same 1 GiB
 *       after every page was read (host zero page mapped) 49 ms, still 16 KiB copied.
 *       Which pages to copy comes from /proc/self/pagemap (present, swapped, exclusive bits;
 *       readable unprivileged); mincore(2) is faster (0.5 ms per GiB) but wrong: it calls a
 *       swapped-out page non-resident (its data would be lost) and a read-only zero-page
 *       mapping resident. Without a readable pagemap the copy is full.
 *   <li>FP/SIMD state for signal frames ({@code readFpState}/{@code writeFpState}, FpStateTest):
 *       built from register reads, not by running fxsave in the guest. x86-64: UC_X86_REG_FP0..7
 *       are the physical registers R0..R7 (env->fpregs), so ST(i) is FP((TOP + i) & 7) with TOP
 *       from FPSW bits 11–13; FPTAG is the full tag word (2 bits per physical register, 3 =
 *       empty; on write 2.0.1 keeps only empty/not empty) and is converted to and from FXSAVE's
 *       abridged byte; FP0..7 read 10 bytes, XMM0..15 16 bytes (2.0.1's uc_reg_read has no size
 *       argument: the buffer must be large enough). The image equals the guest's own fxsave byte
 *       for byte: QEMU's fxsave writes fop, rip and rdp as 0 (TCG keeps no last-instruction
 *       pointers) and mxcsr_mask 0xffff, and leaves bytes 10..15 of each st slot and 416..511
 *       alone. writeFpState takes FPSW first (TOP), drops MXCSR bits outside 0xffff as Linux's
 *       sigreturn does, ignores fop/rip/rdp; MXCSR and FPCW writes go through cpu_set_mxcsr /
 *       cpu_set_fpuc, so new rounding modes apply at once (cvtsd2si, frinti checked). Unicorn
 *       2.0.1 starts with all eight x87 registers tagged valid (tag word 0, abridged 0xff),
 *       where Linux starts with an empty stack: each engine writes FPTAG 0xffff with FCW 0x37f.
 *       aarch64: V0..V31 read as 16 bytes (low, high), FPSR and FPCR as u32; FPSR's QC and
 *       cumulative flags and FPCR's RMode round-trip. Reads and writes work on the live engine
 *       inside the svc/syscall hook and on a saved blob (uc_context_reg_read/write).
 *   <li>Engines are independent: four engines (two x86-64, two aarch64) ran 300,000-syscall
 *       loops in parallel on four threads with correct results, and a forked child ran on
 *       another thread while its parent ran (ForkTest).
 * </ul>
 */
package dev.zlx.cpu.unicorn;
