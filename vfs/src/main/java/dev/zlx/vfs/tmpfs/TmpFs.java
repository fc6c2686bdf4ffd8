package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Statfs;
import dev.zlx.vfs.AnonymousDevices;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.memory.PageAllocator;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Linux's tmpfs (mm/shmem.c): a file system in memory whose file pages are {@link
 * dev.zlx.vfs.memory.PageMemory} from the kernel's allocator, so MAP_SHARED mappings share them.
 * The size limit counts the 4 KiB pages files hold (ENOSPC past it), as tmpfs's size= does.
 *
 * <p>Locking: one lock per mount (this object's {@link #tree}) guards the names, links and
 * attributes of every inode; each regular file's data has its own lock, so reads and writes of
 * different files run in parallel.
 */
public final class TmpFs implements FileSystem {
    /** The page size that st_blocks and the size limit count. */
    public static final int PAGE_SIZE = 4096;
    /** The default extent: file memory is allocated in blocks of this size. */
    public static final long DEFAULT_EXTENT_SIZE = 2L << 20;

    final Object tree = new Object();
    private final PageAllocator allocator;
    private final long extentSize;
    private final long limitPages;
    private final long maxInodes;
    private final long device = AnonymousDevices.next();
    private final AtomicLong nextIno = new AtomicLong(1);
    private final AtomicLong usedPages = new AtomicLong();
    private final AtomicLong inodes = new AtomicLong();
    private final LongSupplier clock;
    private final String type;
    private final TmpDirectory root;

    /**
     * A new tmpfs of at most limitBytes of file data (rounded up to whole pages), whose root
     * directory has the permission bits rootMode (with the sticky bit as given) and owner.
     */
    public TmpFs(PageAllocator allocator, long limitBytes, int rootMode, Owner rootOwner) {
        this(allocator, limitBytes, rootMode, rootOwner, DEFAULT_EXTENT_SIZE, TmpFs::realtimeNanos, "tmpfs");
    }

    /** As above, with the extent size, the clock (nanoseconds since the epoch) and the type name. */
    public TmpFs(PageAllocator allocator, long limitBytes, int rootMode, Owner rootOwner, long extentSize,
            LongSupplier clock, String type) {
        if (limitBytes <= 0 || extentSize <= 0 || extentSize % PAGE_SIZE != 0) {
            throw Errno.EINVAL.exception();
        }
        this.allocator = allocator;
        this.extentSize = extentSize;
        this.limitPages = (limitBytes + PAGE_SIZE - 1) / PAGE_SIZE;
        // Linux's default nr_inodes is half the RAM pages, the same as the default size in pages.
        this.maxInodes = limitPages;
        this.clock = clock;
        this.type = type;
        this.root = new TmpDirectory(this, null, StatMode.S_IFDIR | (rootMode & 07777), rootOwner);
    }

    private static long realtimeNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Inode root() {
        return root;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public Statfs statfs() {
        long used = usedPages.get();
        long free = Math.max(0, limitPages - used);
        return new Statfs(Statfs.TMPFS_MAGIC, PAGE_SIZE, limitPages, free, free, maxInodes,
                Math.max(0, maxInodes - inodes.get()), 255, 0);
    }

    /** The size limit in bytes (whole pages). */
    public long limitBytes() {
        return limitPages * PAGE_SIZE;
    }

    /** Pages the files hold now. */
    public long usedPages() {
        return usedPages.get();
    }

    /** A new file of this mount that is in no directory (memfd_create, O_TMPFILE). */
    public TmpFile createUnlinked(int mode, Owner owner) {
        synchronized (tree) {
            return new TmpFile(this, StatMode.S_IFREG | (mode & 07777), owner, 0);
        }
    }

    long now() {
        return clock.getAsLong();
    }

    long device() {
        return device;
    }

    long extentSize() {
        return extentSize;
    }

    PageAllocator allocator() {
        return allocator;
    }

    /** A new inode number; ENOSPC when nr_inodes are in use (shmem_reserve_inode). */
    long allocateIno() {
        if (inodes.incrementAndGet() > maxInodes) {
            inodes.decrementAndGet();
            throw Errno.ENOSPC.exception();
        }
        return nextIno.getAndIncrement();
    }

    /** An inode is gone for good. */
    void freeIno() {
        inodes.decrementAndGet();
    }

    /** Accounts one more page of file data; false when the limit is reached. */
    boolean reservePage() {
        while (true) {
            long used = usedPages.get();
            if (used >= limitPages) {
                return false;
            }
            if (usedPages.compareAndSet(used, used + 1)) {
                return true;
            }
        }
    }

    /** Gives back pages of file data. */
    void unreservePages(long pages) {
        usedPages.addAndGet(-pages);
    }
}
