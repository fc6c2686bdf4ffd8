package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.MADVISE;
import static dev.zlx.syscalls.trace.ArgKind.MAP_FLAGS;
import static dev.zlx.syscalls.trace.ArgKind.PROT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Mman;
import dev.zlx.abi.MountFlags;
import dev.zlx.abi.Personality;
import dev.zlx.abi.StatMode;
import dev.zlx.kernel.Overcommit;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.Tunables;
import dev.zlx.kernel.mm.KernelPages;
import dev.zlx.kernel.mm.Mm;
import dev.zlx.kernel.mm.SharedPages;
import dev.zlx.kernel.mm.Vma;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.memory.SharedMappable;

/** Memory mappings: mmap(2), munmap(2), mprotect(2), brk(2), mremap(2), madvise(2). */
public final class MmapSyscalls {
    private static final int KNOWN_MAP_FLAGS = Mman.MAP_TYPE | Mman.MAP_FIXED | Mman.MAP_ANONYMOUS
            | Mman.MAP_GROWSDOWN | Mman.MAP_DENYWRITE | Mman.MAP_EXECUTABLE | Mman.MAP_LOCKED | Mman.MAP_NORESERVE
            | Mman.MAP_POPULATE | Mman.MAP_NONBLOCK | Mman.MAP_STACK | Mman.MAP_HUGETLB | Mman.MAP_SYNC
            | Mman.MAP_FIXED_NOREPLACE | Mman.MAP_UNINITIALIZED;
    private static final int PROT_MASK = Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC;

    private final CompatReport report;

    public MmapSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("mmap", "writable MAP_SHARED mappings of files other than tmpfs and memfd files return ENODEV "
                + "(read-only ones get a copy); MAP_HUGETLB returns EINVAL",
                (t, a) -> mmap(t, a.ptr(0), a.size(1), a.i32(2), a.i32(3), a.fd(4), a.i64(5)),
                PTR, SIZE, PROT, MAP_FLAGS, FD, HEX);
        r.full("munmap", (t, a) -> munmap(t, a.ptr(0), a.size(1)), PTR, SIZE);
        r.partial("mprotect", "PROT_GROWSDOWN/PROT_GROWSUP return EINVAL",
                (t, a) -> mprotect(t, a.ptr(0), a.size(1), a.i32(2)), PTR, SIZE, PROT);
        r.full("brk", (t, a) -> brk(t, a.ptr(0)), PTR);
        r.partial("mremap", "MREMAP_DONTUNMAP returns EINVAL",
                (t, a) -> t.process().mm().remap(a.ptr(0), a.size(1), a.size(2), a.i32(3), a.ptr(4)),
                PTR, SIZE, SIZE, HEX, PTR);
        r.partial("madvise", "advice other than DONTNEED/FREE is accepted and has no effect",
                (t, a) -> madvise(t, a.ptr(0), a.size(1), a.i32(2)), PTR, SIZE, MADVISE);
    }

    long mmap(Task t, long addr, long length, int prot, int flags, int fd, long offset) {
        if (length == 0 || (offset & (Mm.PAGE - 1)) != 0 || (prot & ~PROT_MASK) != 0) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & ~KNOWN_MAP_FLAGS) != 0 && (flags & Mman.MAP_TYPE) == Mman.MAP_SHARED_VALIDATE) {
            throw Errno.EOPNOTSUPP.exception();
        }
        int type = flags & Mman.MAP_TYPE;
        if (type != Mman.MAP_SHARED && type != Mman.MAP_PRIVATE && type != Mman.MAP_SHARED_VALIDATE) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & Mman.MAP_HUGETLB) != 0) {
            report.missingFeature("mmap", "MAP_HUGETLB");
            throw Errno.EINVAL.exception();
        }
        Mm mm = t.process().mm();
        boolean shared = type != Mman.MAP_PRIVATE;
        // VM_NORESERVE spares a mapping the charge, except under strict accounting.
        if (Mm.charged(shared, prot) && ((flags & Mman.MAP_NORESERVE) == 0
                || t.process().kernel().tunables().overcommitMemory() == Tunables.OVERCOMMIT_NEVER)) {
            Overcommit.admit(t.process(), Mm.pageUp(length));
        }
        if ((flags & Mman.MAP_ANONYMOUS) != 0) {
            prot = withImpliedExec(t, prot, false);
            if (shared) {
                // Linux backs it with an unlinked shmem file, which maps shows as /dev/zero.
                SharedPages pages = SharedPages.anonymous(t.process().kernel().cpuBackend());
                return mm.mapShared(addr, length, prot, flags, pages, 0, null, "/dev/zero (deleted)");
            }
            return mm.map(addr, length, prot, flags, null, 0, null);
        }
        OpenFile file = t.process().fds().get(fd);
        if (file.inode() == null || !file.readable()) {
            throw Errno.EACCES.exception();
        }
        var st = file.stat();
        int fileType = st.mode() & StatMode.S_IFMT;
        if (fileType != StatMode.S_IFREG && fileType != StatMode.S_IFCHR) {
            throw Errno.ENODEV.exception();
        }
        if (shared && (prot & Mman.PROT_WRITE) != 0 && !file.writable()) {
            throw Errno.EACCES.exception();
        }
        prot = withImpliedExec(t, prot, file.location() != null && file.location().mount().has(MountFlags.MS_NOEXEC));
        if ((prot & Mman.PROT_EXEC) != 0 && file.location() != null
                && file.location().mount().has(MountFlags.MS_NOEXEC)) {
            throw Errno.EPERM.exception();
        }
        String path = file.location() == null ? null : t.process().fs().guestPath(file.location().path());
        SharedMappable pagesOf = mappablePages(file);
        if (shared && pagesOf != null) {
            // A mapping that may write the pages counts for write seals (VM_SHARED|VM_MAYWRITE).
            SharedMappable counted = file.writable() ? pagesOf : null;
            Vma.MappedFile mapped = new Vma.MappedFile(file, path, st.dev(), st.ino(), counted);
            return mm.mapShared(addr, length, prot, flags, KernelPages.of(pagesOf), offset, mapped, path);
        }
        Vma.MappedFile mapped = new Vma.MappedFile(file, path, st.dev(), st.ino());
        if (shared && (prot & Mman.PROT_WRITE) != 0) {
            report.missingFeature("mmap", "writable MAP_SHARED mapping of a file outside tmpfs");
            throw Errno.ENODEV.exception();
        }
        long start = mm.map(addr, length, prot, flags, mapped, offset, path);
        long available = Math.max(0, st.size() - offset);
        if (fileType == StatMode.S_IFREG) {
            mm.fillFromFile(start, Mm.pageUp(length), mapped, offset, Math.min(available, Mm.pageUp(length)));
        }
        return start;
    }

    /**
     * personality(2)'s READ_IMPLIES_EXEC: a readable mapping is executable too (do_mmap, and
     * mprotect's rier), except a file's on a noexec mount.
     */
    private static int withImpliedExec(Task t, int prot, boolean noexec) {
        boolean implied = (t.personality() & Personality.READ_IMPLIES_EXEC) != 0
                && (prot & Mman.PROT_READ) != 0 && !noexec;
        return implied ? prot | Mman.PROT_EXEC : prot;
    }

    /** The file's pages if they are memory the CPU can map (tmpfs and memfd files), else null. */
    private static SharedMappable mappablePages(OpenFile file) {
        if (file instanceof SharedMappable m) {
            return m;
        }
        return file.inode() instanceof SharedMappable m ? m : null;
    }

    static long munmap(Task t, long addr, long length) {
        t.process().mm().unmap(addr, length);
        return 0;
    }

    static long mprotect(Task t, long addr, long length, int prot) {
        if ((prot & ~PROT_MASK) != 0) {
            throw Errno.EINVAL.exception();
        }
        long charge = t.process().mm().newlyCharged(addr, length, prot);
        if (charge > 0) {
            Overcommit.admit(t.process(), charge);
        }
        t.process().mm().protect(addr, length, withImpliedExec(t, prot, false));
        return 0;
    }

    /** brk(2): growing the heap commits memory; when that is refused the break stays. */
    static long brk(Task t, long requested) {
        Mm mm = t.process().mm();
        long current = mm.currentBreak();
        long grow = Mm.pageUp(requested) - Mm.pageUp(current);
        if (requested > current && grow > 0) {
            try {
                Overcommit.admit(t.process(), grow);
            } catch (LinuxException e) {
                return current;
            }
        }
        return mm.brk(requested);
    }

    static long madvise(Task t, long addr, long length, int advice) {
        if ((addr & (Mm.PAGE - 1)) != 0 || length < 0) {
            throw Errno.EINVAL.exception();
        }
        if (length == 0) {
            return 0;
        }
        switch (advice) {
            case Mman.MADV_DONTNEED, Mman.MADV_DONTNEED_LOCKED -> t.process().mm().discard(addr, length);
            case Mman.MADV_NORMAL, Mman.MADV_RANDOM, Mman.MADV_SEQUENTIAL, Mman.MADV_WILLNEED, Mman.MADV_FREE,
                    Mman.MADV_DONTFORK, Mman.MADV_DOFORK, Mman.MADV_MERGEABLE, Mman.MADV_UNMERGEABLE,
                    Mman.MADV_HUGEPAGE, Mman.MADV_NOHUGEPAGE, Mman.MADV_DONTDUMP, Mman.MADV_DODUMP,
                    Mman.MADV_WIPEONFORK, Mman.MADV_KEEPONFORK, Mman.MADV_COLD, Mman.MADV_PAGEOUT,
                    Mman.MADV_POPULATE_READ, Mman.MADV_POPULATE_WRITE -> {
                // Hints only: the memory keeps its contents, as Linux allows for these
                // (MADV_FREE may free lazily; keeping the data is one valid outcome).
                if (t.process().mm().find(addr) == null) {
                    throw Errno.ENOMEM.exception();
                }
            }
            default -> throw Errno.EINVAL.exception();
        }
        return 0;
    }
}
