package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.mm.Mm;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * vm.overcommit_memory (mm/util.c __vm_enough_memory): whether new private writable memory may
 * be committed (mmap, brk, mprotect adding PROT_WRITE). 0, the heuristic, refuses only a single
 * commitment larger than RAM plus swap (zlx has no swap); 1 never refuses; 2, strict
 * accounting, refuses when the committed total would reach CommitLimit (overcommit_ratio, 50%,
 * of RAM) less the reserves. The committed total (meminfo's Committed_AS) is what every address
 * space maps privately and writably now; unlike Linux, which keeps a charge until the area goes,
 * an area made read-only again stops counting, and MAP_NORESERVE areas count too.
 */
public final class Overcommit {
    private Overcommit() {
    }

    /** vm.overcommit_ratio's default. */
    public static final int RATIO = 50;
    /** admin_reserve_kbytes and user_reserve_kbytes caps (mm/util.c init_*_reserve): 8 MiB, 128 MiB. */
    private static final long ADMIN_RESERVE_MAX = 8L << 20;
    private static final long USER_RESERVE_MAX = 128L << 20;

    /** ENOMEM unless process may commit bytes more of private writable memory. */
    public static void admit(Process process, long bytes) {
        Kernel k = process.kernel();
        long ram = k.config().memoryBytes();
        switch (k.tunables().overcommitMemory()) {
            case Tunables.OVERCOMMIT_ALWAYS -> {
            }
            case Tunables.OVERCOMMIT_NEVER -> {
                long reserve = Math.min(ram * 3 / 100, ADMIN_RESERVE_MAX);
                long allowed = commitLimit(k);
                if (!Privilege.global(process)) {
                    allowed -= reserve;
                }
                Mm mm = process.mm();
                long mapped = mm == null ? 0 : mm.totalMapped();
                allowed -= Math.min(mapped / 32, Math.min(ram * 3 / 100, USER_RESERVE_MAX));
                if (committed(k) + bytes >= allowed) {
                    throw Errno.ENOMEM.exception();
                }
            }
            default -> {
                if (bytes > ram) {
                    throw Errno.ENOMEM.exception();
                }
            }
        }
    }

    /** CommitLimit: overcommit_ratio percent of RAM plus swap (none). */
    public static long commitLimit(Kernel k) {
        return k.config().memoryBytes() / 100 * RATIO;
    }

    /** Committed_AS: the private writable memory of every address space. */
    public static long committed(Kernel k) {
        Set<Mm> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long total = 0;
        for (Process p : k.processes()) {
            Mm mm = p.mm();
            if (mm != null && seen.add(mm)) {
                total += mm.committedBytes();
            }
        }
        return total;
    }
}
