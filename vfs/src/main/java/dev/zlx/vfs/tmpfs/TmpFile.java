package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Falloc;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Memfd;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.memory.SharedMappable;
import java.util.List;

/**
 * A regular tmpfs file (shmem inode): its data, its seals (memfd), and who still uses it. The
 * data is freed when the last name, the last open description and the last shared mapping
 * counted here are gone; until then an unlinked file keeps working.
 */
public final class TmpFile extends TmpNode implements SharedMappable {
    private final FileData data;
    /** Open descriptions (guarded by the tree lock). */
    private int opens;
    /** Shared writable mappings (guarded by the tree lock), which F_SEAL_WRITE refuses. */
    private int writableMappings;
    /** F_SEAL_* bits; F_SEAL_SEAL alone unless sealing was allowed at creation. */
    private int seals = Memfd.F_SEAL_SEAL;
    private boolean freed;

    /** An O_TMPFILE file without O_EXCL that linkat may still name (guarded by fs.tree). */
    boolean linkable;

    TmpFile(TmpFs fs, int mode, Owner owner, long nlink) {
        super(fs, mode, owner, nlink);
        this.data = new FileData(fs);
    }

    @Override
    long size() {
        return data.size();
    }

    @Override
    long blocks() {
        return data.blocks();
    }

    FileData data() {
        return data;
    }

    @Override
    public OpenFile open(int flags) {
        if ((flags & Fcntl.O_DIRECTORY) != 0) {
            throw Errno.ENOTDIR.exception();
        }
        synchronized (fs.tree) {
            opens++;
        }
        TmpOpenFile file = new TmpOpenFile(this, flags);
        if ((flags & Fcntl.O_TRUNC) != 0) {
            try {
                truncate(0);
            } catch (RuntimeException e) {
                file.close();
                throw e;
            }
        }
        return file;
    }

    /** F_SEAL_EXEC keeps the execute bits as they are (EPERM). */
    @Override
    public void chmod(int newMode) {
        synchronized (fs.tree) {
            if ((seals & Memfd.F_SEAL_EXEC) != 0 && ((newMode ^ mode()) & 0111) != 0) {
                throw Errno.EPERM.exception();
            }
            super.chmod(newMode);
        }
    }

    /** An open description of this file went (its last reference). */
    void closed() {
        synchronized (fs.tree) {
            opens--;
            freeIfUnused();
        }
    }

    @Override
    void unlinked() {
        freeIfUnused();
    }

    private void freeIfUnused() {
        if (nlink == 0 && opens == 0 && writableMappings == 0 && !freed) {
            freed = true;
            data.releaseAll();
            fs.freeIno();
        }
    }

    /** ftruncate/O_TRUNC: EPERM against a shrink or grow seal; times change (ATTR_MTIME|ATTR_CTIME). */
    void truncate(long length) {
        synchronized (fs.tree) {
            long old = data.size();
            if ((length < old && (seals & Memfd.F_SEAL_SHRINK) != 0)
                    || (length > old && (seals & Memfd.F_SEAL_GROW) != 0)) {
                throw Errno.EPERM.exception();
            }
            data.truncate(length);
            modified();
        }
    }

    /**
     * fallocate(2) as shmem_fallocate does it: mode 0 or FALLOC_FL_KEEP_SIZE reserves the pages
     * of the range (ENOSPC past the size limit, giving back what this call took) and, without
     * KEEP_SIZE, grows the size to its end; FALLOC_FL_PUNCH_HOLE zeroes the range and frees its
     * whole pages. EOPNOTSUPP for other modes; EPERM against a write seal (punching) or a grow
     * seal (reaching past the size).
     */
    void allocate(int mode, long offset, long length) {
        if ((mode & ~(Falloc.FALLOC_FL_KEEP_SIZE | Falloc.FALLOC_FL_PUNCH_HOLE)) != 0) {
            throw Errno.EOPNOTSUPP.exception();
        }
        synchronized (fs.tree) {
            if ((mode & Falloc.FALLOC_FL_PUNCH_HOLE) != 0) {
                if ((seals & (Memfd.F_SEAL_WRITE | Memfd.F_SEAL_FUTURE_WRITE)) != 0) {
                    throw Errno.EPERM.exception();
                }
                data.punch(offset, length);
                modified();
                return;
            }
            if ((seals & Memfd.F_SEAL_GROW) != 0 && offset + length > data.size()) {
                throw Errno.EPERM.exception();
            }
            data.allocate(offset, length, (mode & Falloc.FALLOC_FL_KEEP_SIZE) != 0);
            changed();
        }
    }

    /**
     * How many of length bytes at offset (negative: the end) the seals let a write store:
     * none under F_SEAL_WRITE or F_SEAL_FUTURE_WRITE (EPERM), only those below the size under
     * F_SEAL_GROW (EPERM when that is none), as shmem_write_begin refuses each page.
     */
    int writable(long offset, int length) {
        synchronized (fs.tree) {
            if ((seals & (Memfd.F_SEAL_WRITE | Memfd.F_SEAL_FUTURE_WRITE)) != 0) {
                throw Errno.EPERM.exception();
            }
            if ((seals & Memfd.F_SEAL_GROW) == 0) {
                return length;
            }
            long size = data.size();
            long start = offset < 0 ? size : offset;
            if (start + length <= size) {
                return length;
            }
            if (start >= size) {
                throw Errno.EPERM.exception();
            }
            return (int) (size - start);
        }
    }

    /** The seals (F_GET_SEALS). */
    public int seals() {
        synchronized (fs.tree) {
            return seals;
        }
    }

    /** Allows F_ADD_SEALS (memfd_create with MFD_ALLOW_SEALING). */
    public void allowSealing() {
        synchronized (fs.tree) {
            seals &= ~Memfd.F_SEAL_SEAL;
        }
    }

    /**
     * F_ADD_SEALS (memfd_add_seals): EPERM once F_SEAL_SEAL is set, EINVAL for unknown bits,
     * EBUSY for F_SEAL_WRITE while a shared writable mapping exists.
     */
    public void addSeals(int add) {
        if ((add & ~Memfd.F_SEAL_ALL) != 0) {
            throw Errno.EINVAL.exception();
        }
        synchronized (fs.tree) {
            if ((seals & Memfd.F_SEAL_SEAL) != 0) {
                throw Errno.EPERM.exception();
            }
            if ((add & Memfd.F_SEAL_WRITE) != 0 && (seals & Memfd.F_SEAL_WRITE) == 0 && writableMappings > 0) {
                throw Errno.EBUSY.exception();
            }
            seals |= add;
        }
    }

    /**
     * The kernel maps this file shared and writable: EPERM when a write seal forbids it, as
     * mmap(2) answers; else the mapping is counted until {@link #writableMappingRemoved}.
     */
    @Override
    public void writableMappingAdded() {
        synchronized (fs.tree) {
            if ((seals & (Memfd.F_SEAL_WRITE | Memfd.F_SEAL_FUTURE_WRITE)) != 0) {
                throw Errno.EPERM.exception();
            }
            writableMappings++;
        }
    }

    /** A shared writable mapping of this file is gone. */
    @Override
    public void writableMappingRemoved() {
        synchronized (fs.tree) {
            writableMappings--;
            freeIfUnused();
        }
    }

    /** Shared writable mappings counted now. */
    public int writableMappings() {
        synchronized (fs.tree) {
            return writableMappings;
        }
    }

    @Override
    public List<Piece> pages(long offset, long length) {
        return data.pages(offset, length);
    }
}
