package dev.zlx.kernel;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Mman;
import dev.zlx.abi.SyscallNumbers;
import dev.zlx.kernel.mm.Mm;
import dev.zlx.kernel.testing.FakeAddressSpace;
import dev.zlx.kernel.testing.FakeCpuBackend;
import dev.zlx.kernel.testing.FakeExecutionContext;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.host.HostFileSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A kernel with a host directory as its root and one guest process whose memory and CPU are
 * fakes ({@link FakeAddressSpace}, {@link FakeExecutionContext}): the process a program would
 * have after execve, without a program. It lives in package dev.zlx.kernel because installing
 * an image (Process.replaceImage, Task.setCpu) is package-private, as only Exec does it.
 *
 * <p>A scratch area at {@link #SCRATCH} holds syscall arguments; {@link #alloc} hands it out.
 */
public final class GuestFixture implements AutoCloseable {
    public static final long TASK_SIZE = 1L << 47;
    public static final long MMAP_BASE = 0x7f00_0000_0000L;
    public static final long BRK_START = 0x0100_0000L;
    public static final long SCRATCH = 0x1000_0000L;
    public static final long SCRATCH_SIZE = 64 * Mm.PAGE;

    private final Kernel kernel;
    private final Task task;
    private final Mm mm;
    private final FakeAddressSpace space;
    private final FakeExecutionContext cpu;
    private long next = SCRATCH;
    private boolean lastResumed;

    private GuestFixture(Kernel kernel, Task task, Mm mm, FakeAddressSpace space, FakeExecutionContext cpu) {
        this.kernel = kernel;
        this.task = task;
        this.mm = mm;
        this.space = space;
        this.cpu = cpu;
    }

    /** The default settings: uid and gid 1000, no supplementary groups, 4 CPUs, 8 GiB. */
    public static KernelConfig defaultConfig() {
        return new KernelConfig("zlx-test", KernelConfig.DEFAULT_RELEASE, KernelConfig.DEFAULT_VERSION, 4,
                8L << 30, 1000, 1000, new int[0]);
    }

    /**
     * A guest of arch with hostRoot mounted read-write at /, working in /, running as the owner
     * of hostRoot (so that permission checks let it use the directory, as a user uses a home).
     */
    public static GuestFixture create(Path hostRoot, Arch arch) {
        KernelConfig d = defaultConfig();
        try {
            int uid = (Integer) java.nio.file.Files.getAttribute(hostRoot, "unix:uid");
            int gid = (Integer) java.nio.file.Files.getAttribute(hostRoot, "unix:gid");
            return create(hostRoot, arch, new KernelConfig(d.hostname(), d.release(), d.version(), d.cpuCount(),
                    d.memoryBytes(), uid, gid, d.groups()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static GuestFixture create(Path hostRoot, Arch arch, KernelConfig config) {
        MountTable mounts = new MountTable();
        mounts.mount("/", new HostFileSystem(hostRoot, false), false);
        Kernel kernel = new Kernel(config, new FakeCpuBackend(), mounts);
        Task task = kernel.createFirstProcess(new FdTable(), kernel.walker().rootOfTree());
        FakeAddressSpace space = (FakeAddressSpace) kernel.cpuBackend().createAddressSpace(arch);
        Mm mm = new Mm(space, TASK_SIZE);
        mm.setMmapBase(MMAP_BASE);
        mm.setBrkStart(BRK_START);
        mm.map(SCRATCH, SCRATCH_SIZE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, null, 0, "[scratch]");
        task.process().replaceImage(mm, arch, new Process.Image("/test-program", List.of("test-program"), List.of(),
                0, 0, 0, 0));
        FakeExecutionContext cpu = (FakeExecutionContext) space.createContext();
        task.setCpu(cpu);
        return new GuestFixture(kernel, task, mm, space, cpu);
    }

    public Kernel kernel() {
        return kernel;
    }

    public Task task() {
        return task;
    }

    public Process process() {
        return task.process();
    }

    public Mm mm() {
        return mm;
    }

    public FakeAddressSpace space() {
        return space;
    }

    public FakeExecutionContext cpu() {
        return cpu;
    }

    public Arch arch() {
        return space.arch();
    }

    /** Reserves size bytes of scratch memory (16-byte aligned, zeroed) and returns the address. */
    public long alloc(int size) {
        long addr = next;
        next = (next + size + 15) & -16L;
        if (next > SCRATCH + SCRATCH_SIZE) {
            throw new IllegalStateException("scratch memory exhausted");
        }
        space.write(addr, new byte[size], 0, size);
        return addr;
    }

    /** Copies bytes into fresh scratch memory. */
    public long put(byte[] bytes) {
        long addr = alloc(bytes.length);
        space.write(addr, bytes, 0, bytes.length);
        return addr;
    }

    /** Copies a string and its NUL into fresh scratch memory. */
    public long putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return put(java.util.Arrays.copyOf(b, b.length + 1));
    }

    /** Reads guest memory. */
    public byte[] read(long addr, int length) {
        return UserMemory.read(space, addr, length);
    }

    /** The number of a syscall on this fixture's arch (fails for names the arch lacks). */
    public long number(String name) {
        int n = SyscallNumbers.of(arch()).number(name);
        if (n < 0) {
            throw new IllegalArgumentException(name + " does not exist on " + arch());
        }
        return n;
    }

    /** Makes the syscall through the dispatcher and returns the result register. */
    public long syscall(SyscallDispatcher dispatcher, String name, long... args) {
        return syscallNumber(dispatcher, number(name), args);
    }

    /** Makes a syscall by number through the dispatcher and returns the result register. */
    public long syscallNumber(SyscallDispatcher dispatcher, long number, long... args) {
        cpu.loadSyscall(number, args);
        lastResumed = dispatcher.dispatch(task);
        return cpu.syscallResult();
    }

    /** What the last {@link #syscall} dispatch returned (false: the task leaves its run loop). */
    public boolean lastResumed() {
        return lastResumed;
    }

    @Override
    public void close() {
        process().fds().release();
    }
}
