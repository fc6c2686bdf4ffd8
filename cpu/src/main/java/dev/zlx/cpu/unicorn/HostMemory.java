package dev.zlx.cpu.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.zlx.cpu.CpuException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Host pages behind guest memory: anonymous private mmap, munmap and madvise(MADV_DONTNEED)
 * from libc through FFM. Host memory is always read-write; the guest's protections live in the
 * engine and in {@link UnicornAddressSpace}'s region map.
 */
final class HostMemory {
    private HostMemory() {}

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final long MAP_FAILED = -1L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MADVISE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("madvise").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));


    /** mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE): zeroed pages. */
    static MemorySegment map(long length) {
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new CpuException("mmap failed", t);
        }
        if (p.address() == MAP_FAILED) {
            throw new CpuException("host mmap of " + length + " bytes failed");
        }
        return p.reinterpret(length);
    }

    /** munmap of host pages [host, host+length). */
    static void unmap(MemorySegment host, long length) {
        int r;
        try {
            r = (int) MUNMAP.invokeExact(host, length);
        } catch (Throwable t) {
            throw new CpuException("munmap failed", t);
        }
        if (r != 0) {
            throw new CpuException("host munmap failed at 0x" + Long.toHexString(host.address()));
        }
    }

    /** madvise(MADV_DONTNEED): private anonymous pages read back as zero and are released. */
    static void discard(MemorySegment host, long length) {
        int r;
        try {
            r = (int) MADVISE.invokeExact(host, length, MADV_DONTNEED);
        } catch (Throwable t) {
            throw new CpuException("madvise failed", t);
        }
        if (r != 0) {
            host.asSlice(0, length).fill((byte) 0);
        }
    }
}
