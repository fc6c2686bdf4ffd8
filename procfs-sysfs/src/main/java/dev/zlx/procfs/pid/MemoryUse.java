package dev.zlx.procfs.pid;

import dev.zlx.abi.Mman;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.mm.Mm;
import dev.zlx.kernel.mm.Vma;

/**
 * A process's memory as stat, statm and status count it, from its VMA list; the resident
 * figures come from the address space ({@link #resident}): the pages the guest has touched.
 *
 * @param size VmSize, bytes
 * @param rssAnon private and anonymous accessible memory
 * @param rssFile accessible file-backed memory
 * @param rssShmem shared anonymous memory
 * @param data VmData (private writable, not stack)
 * @param stack VmStk
 * @param exe VmExe (the executable's code)
 * @param lib VmLib (other executable file mappings)
 */
public record MemoryUse(long size, long rssAnon, long rssFile, long rssShmem, long data, long stack, long exe, long lib) {
    public static final MemoryUse NONE = new MemoryUse(0, 0, 0, 0, 0, 0, 0, 0);

    public static MemoryUse of(Process p) {
        Mm mm = p.mm();
        if (mm == null || p.isDead()) {
            return NONE;
        }
        String exePath = p.image() == null ? null : p.image().exePath();
        long size = 0, anon = 0, file = 0, shmem = 0, data = 0, stack = 0, exe = 0, lib = 0;
        for (Vma v : mm.vmas()) {
            long len = v.length();
            size += len;
            boolean stackArea = "[stack]".equals(v.name());
            long rss = resident(mm, v);
            if (v.file() != null) {
                file += rss;
            } else if (v.shared()) {
                shmem += rss;
            } else {
                anon += rss;
            }
            if (stackArea) {
                stack += len;
            } else if ((v.prot() & Mman.PROT_WRITE) != 0 && !v.shared()) {
                data += len;
            }
            if ((v.prot() & Mman.PROT_EXEC) != 0 && v.file() != null) {
                if (v.file().path().equals(exePath)) {
                    exe += len;
                } else {
                    lib += len;
                }
            }
        }
        return new MemoryUse(size, anon, file, shmem, data, stack, exe, lib);
    }

    /**
     * The resident bytes of one area: the pages the guest wrote (or that zlx filled from a file
     * at mmap or exec, which it reads eagerly), as the host's page table shows them.
     */
    public static long resident(Mm mm, Vma v) {
        return mm.space().residentBytes(v.start(), v.length());
    }

    public long rss() {
        return rssAnon + rssFile + rssShmem;
    }

    public static long pages(long bytes) {
        return bytes / Mm.PAGE;
    }
}
