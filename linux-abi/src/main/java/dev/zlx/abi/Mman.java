package dev.zlx.abi;

/**
 * Constants of asm-generic/mman-common.h for mmap(2), mprotect(2), mremap(2), madvise(2), msync(2) and mlock(2), the same on x86-64 and aarch64
 * (x86-64's MAP_32BIT and aarch64's PROT_BTI/PROT_MTE are left out).
 */
public final class Mman {
    private Mman() {
    }

    // Protection
    /** No access. */
    public static final int PROT_NONE = 0;
    /** Readable. */
    public static final int PROT_READ = 1;
    /** Writable. */
    public static final int PROT_WRITE = 2;
    /** Executable. */
    public static final int PROT_EXEC = 4;
    /** PROT_GROWSDOWN as the kernel header defines it. */
    public static final int PROT_GROWSDOWN = 0x1000000;
    /** PROT_GROWSUP as the kernel header defines it. */
    public static final int PROT_GROWSUP = 0x2000000;

    // mmap flags
    /** Share changes. */
    public static final int MAP_SHARED = 1;
    /** Copy-on-write private mapping. */
    public static final int MAP_PRIVATE = 2;
    /** MAP_SHARED_VALIDATE as the kernel header defines it. */
    public static final int MAP_SHARED_VALIDATE = 3;
    /** MAP_TYPE as the kernel header defines it. */
    public static final int MAP_TYPE = 0xf;
    /** Place the mapping exactly at the address. */
    public static final int MAP_FIXED = 0x10;
    /** Not backed by a file. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** Stack-like mapping that grows down. */
    public static final int MAP_GROWSDOWN = 0x100;
    /** MAP_DENYWRITE as the kernel header defines it. */
    public static final int MAP_DENYWRITE = 0x800;
    /** MAP_EXECUTABLE as the kernel header defines it. */
    public static final int MAP_EXECUTABLE = 0x1000;
    /** MAP_LOCKED as the kernel header defines it. */
    public static final int MAP_LOCKED = 0x2000;
    /** Do not reserve swap. */
    public static final int MAP_NORESERVE = 0x4000;
    /** Prefault the pages. */
    public static final int MAP_POPULATE = 0x8000;
    /** MAP_NONBLOCK as the kernel header defines it. */
    public static final int MAP_NONBLOCK = 0x10000;
    /** Mapping for a stack. */
    public static final int MAP_STACK = 0x20000;
    /** MAP_HUGETLB as the kernel header defines it. */
    public static final int MAP_HUGETLB = 0x40000;
    /** MAP_SYNC as the kernel header defines it. */
    public static final int MAP_SYNC = 0x80000;
    /** MAP_FIXED that fails with EEXIST over an existing mapping. */
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    /** MAP_UNINITIALIZED as the kernel header defines it. */
    public static final int MAP_UNINITIALIZED = 0x4000000;

    // mremap flags
    /** mremap may move the mapping. */
    public static final int MREMAP_MAYMOVE = 1;
    /** mremap to the given new address. */
    public static final int MREMAP_FIXED = 2;
    /** mremap leaves the old range mapped. */
    public static final int MREMAP_DONTUNMAP = 4;

    // madvise advice
    /** MADV_NORMAL as the kernel header defines it. */
    public static final int MADV_NORMAL = 0;
    /** MADV_RANDOM as the kernel header defines it. */
    public static final int MADV_RANDOM = 1;
    /** MADV_SEQUENTIAL as the kernel header defines it. */
    public static final int MADV_SEQUENTIAL = 2;
    /** MADV_WILLNEED as the kernel header defines it. */
    public static final int MADV_WILLNEED = 3;
    /** MADV_DONTNEED as the kernel header defines it. */
    public static final int MADV_DONTNEED = 4;
    /** MADV_FREE as the kernel header defines it. */
    public static final int MADV_FREE = 8;
    /** MADV_REMOVE as the kernel header defines it. */
    public static final int MADV_REMOVE = 9;
    /** MADV_DONTFORK as the kernel header defines it. */
    public static final int MADV_DONTFORK = 10;
    /** MADV_DOFORK as the kernel header defines it. */
    public static final int MADV_DOFORK = 11;
    /** MADV_MERGEABLE as the kernel header defines it. */
    public static final int MADV_MERGEABLE = 12;
    /** MADV_UNMERGEABLE as the kernel header defines it. */
    public static final int MADV_UNMERGEABLE = 13;
    /** MADV_HUGEPAGE as the kernel header defines it. */
    public static final int MADV_HUGEPAGE = 14;
    /** MADV_NOHUGEPAGE as the kernel header defines it. */
    public static final int MADV_NOHUGEPAGE = 15;
    /** MADV_DONTDUMP as the kernel header defines it. */
    public static final int MADV_DONTDUMP = 16;
    /** MADV_DODUMP as the kernel header defines it. */
    public static final int MADV_DODUMP = 17;
    /** MADV_WIPEONFORK as the kernel header defines it. */
    public static final int MADV_WIPEONFORK = 18;
    /** MADV_KEEPONFORK as the kernel header defines it. */
    public static final int MADV_KEEPONFORK = 19;
    /** MADV_COLD as the kernel header defines it. */
    public static final int MADV_COLD = 20;
    /** MADV_PAGEOUT as the kernel header defines it. */
    public static final int MADV_PAGEOUT = 21;
    /** MADV_POPULATE_READ as the kernel header defines it. */
    public static final int MADV_POPULATE_READ = 22;
    /** MADV_POPULATE_WRITE as the kernel header defines it. */
    public static final int MADV_POPULATE_WRITE = 23;
    /** MADV_DONTNEED_LOCKED as the kernel header defines it. */
    public static final int MADV_DONTNEED_LOCKED = 24;
    /** MADV_COLLAPSE as the kernel header defines it. */
    public static final int MADV_COLLAPSE = 25;
    /** MADV_HWPOISON as the kernel header defines it. */
    public static final int MADV_HWPOISON = 100;
    /** MADV_SOFT_OFFLINE as the kernel header defines it. */
    public static final int MADV_SOFT_OFFLINE = 101;

    // msync flags
    /** MS_ASYNC as the kernel header defines it. */
    public static final int MS_ASYNC = 1;
    /** MS_INVALIDATE as the kernel header defines it. */
    public static final int MS_INVALIDATE = 2;
    /** MS_SYNC as the kernel header defines it. */
    public static final int MS_SYNC = 4;

    // mlockall and mlock2 flags
    /** MCL_CURRENT as the kernel header defines it. */
    public static final int MCL_CURRENT = 1;
    /** MCL_FUTURE as the kernel header defines it. */
    public static final int MCL_FUTURE = 2;
    /** MCL_ONFAULT as the kernel header defines it. */
    public static final int MCL_ONFAULT = 4;
    /** MLOCK_ONFAULT as the kernel header defines it. */
    public static final int MLOCK_ONFAULT = 1;

}
