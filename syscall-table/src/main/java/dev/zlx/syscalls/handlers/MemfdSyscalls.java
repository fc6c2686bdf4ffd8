package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.PATH;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Memfd;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Mount;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.tmpfs.TmpFile;
import dev.zlx.vfs.tmpfs.TmpFs;
import dev.zlx.vfs.tmpfs.TmpOpenFile;
import java.nio.charset.StandardCharsets;

/**
 * memfd_create(2) (mm/memfd.c): an unlinked file of the kernel's internal tmpfs, and its seals
 * (fcntl F_ADD_SEALS / F_GET_SEALS).
 */
public final class MemfdSyscalls {
    private static final int KNOWN_FLAGS = Memfd.MFD_CLOEXEC | Memfd.MFD_ALLOW_SEALING | Memfd.MFD_HUGETLB
            | Memfd.MFD_NOEXEC_SEAL | Memfd.MFD_EXEC;

    private final CompatReport report;

    public MemfdSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.partial("memfd_create", "MFD_HUGETLB returns EINVAL", (t, a) -> memfdCreate(t, a.ptr(0), a.i32(1)),
                PATH, HEX);
    }

    long memfdCreate(Task t, long nameAddr, int flags) {
        int allowed = KNOWN_FLAGS | ((flags & Memfd.MFD_HUGETLB) != 0 ? Memfd.MFD_HUGE_MASK : 0);
        if ((flags & ~allowed) != 0
                || ((flags & Memfd.MFD_EXEC) != 0 && (flags & Memfd.MFD_NOEXEC_SEAL) != 0)) {
            throw Errno.EINVAL.exception();
        }
        if (nameAddr == 0) {
            throw Errno.EFAULT.exception();
        }
        byte[] name = UserMemory.readCString(t.process().mm().space(), nameAddr, Memfd.MFD_NAME_MAX_LEN + 1);
        if (name == null) {
            throw Errno.EINVAL.exception();
        }
        if ((flags & Memfd.MFD_HUGETLB) != 0) {
            report.missingFeature("memfd_create", "MFD_HUGETLB");
            throw Errno.EINVAL.exception();
        }
        Mount shm = t.process().kernel().shm();
        boolean noExec = (flags & Memfd.MFD_NOEXEC_SEAL) != 0;
        TmpFile file = ((TmpFs) shm.fileSystem()).createUnlinked(noExec ? 0666 : 0777, PathAt.owner(t));
        if (noExec || (flags & Memfd.MFD_ALLOW_SEALING) != 0) {
            file.allowSealing();
        }
        if (noExec) {
            file.addSeals(Memfd.F_SEAL_EXEC);
        }
        String path = "/" + Memfd.NAME_PREFIX + new String(name, StandardCharsets.UTF_8);
        OpenFile open = file.open(Fcntl.O_RDWR | Fcntl.O_LARGEFILE).at(new Resolved(path, file, shm));
        return OpenSyscalls.install(t, open, (flags & Memfd.MFD_CLOEXEC) != 0);
    }

    /**
     * fcntl F_ADD_SEALS (memfd_add_seals): EINVAL for files of other file systems, EPERM
     * unless open for writing.
     */
    static long addSeals(OpenFile f, long seals) {
        TmpFile file = sealable(f);
        if (!f.writable()) {
            throw Errno.EPERM.exception();
        }
        file.addSeals((int) seals);
        return 0;
    }

    /** fcntl F_GET_SEALS: a tmpfs file that is no memfd shows F_SEAL_SEAL. */
    static long getSeals(OpenFile f) {
        return sealable(f).seals();
    }

    private static TmpFile sealable(OpenFile f) {
        if (f instanceof TmpOpenFile tmp) {
            return tmp.file();
        }
        throw Errno.EINVAL.exception();
    }
}
