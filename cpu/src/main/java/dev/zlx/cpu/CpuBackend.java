package dev.zlx.cpu;

import dev.zlx.abi.Arch;

/**
 * A way of executing guest machine code: the seam between the kernel and the CPU. The kernel
 * asks a backend for address spaces and, in each, for one execution context per guest thread;
 * it never learns how the backend executes code or backs memory.
 */
public interface CpuBackend {
    /** A short name for diagnostics ("unicorn"). */
    String name();

    /** Whether this backend can execute guest code of this architecture. */
    boolean supports(Arch arch);

    /** A new, empty address space for guest code of this architecture. */
    AddressSpace createAddressSpace(Arch arch);

    /**
     * New zero-filled shared memory of size bytes (a multiple of the page size), with one
     * reference, that any address space of this backend can map.
     *
     * @throws CpuException when the host has no memory for it
     */
    SharedMemory createSharedMemory(long size);

    /** The CPU features this backend presents to guests of the architecture (auxv, cpuinfo). */
    CpuFeatures features(Arch arch);
}
