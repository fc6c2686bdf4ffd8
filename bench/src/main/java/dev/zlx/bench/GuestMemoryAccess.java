package dev.zlx.bench;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Mman;
import dev.zlx.cpu.AddressSpace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A syscall handler copying from and to guest memory (copy_from_user, copy_to_user) through
 * the cpu module's AddressSpace, as UserMemory does: size bytes between a Java array and a
 * read-write anonymous mapping of a Unicorn address space, with the protection check.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GuestMemoryAccess {
    private static final long BASE = 0x1000_0000L;
    private static final long MAPPED = 2L << 20;

    @Param({"8", "4096", "1048576"})
    public int size;

    private AddressSpace space;
    private byte[] buffer;

    @Setup
    public void map() {
        space = GuestKernel.cpu().createAddressSpace(Arch.X86_64);
        space.map(BASE, MAPPED, Mman.PROT_READ | Mman.PROT_WRITE);
        buffer = new byte[size];
        java.util.Arrays.fill(buffer, (byte) 0x5a);
        space.write(BASE, buffer, 0, size);
    }

    @TearDown
    public void unmap() {
        space.close();
    }

    @Benchmark
    public byte[] read() {
        space.read(BASE, buffer, 0, size);
        return buffer;
    }

    @Benchmark
    public void write() {
        space.write(BASE, buffer, 0, size);
    }
}
