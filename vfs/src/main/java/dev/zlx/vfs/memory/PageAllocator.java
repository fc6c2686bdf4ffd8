package dev.zlx.vfs.memory;

/** Makes {@link PageMemory} blocks: the kernel's, so that the CPU backend can map them. */
@FunctionalInterface
public interface PageAllocator {
    /**
     * A new zero-filled block of size bytes (a multiple of the page size) with one reference;
     * ENOMEM (as a LinuxException) when the host has no memory for it.
     */
    PageMemory allocate(long size);
}
