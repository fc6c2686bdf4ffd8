package dev.zlx.vfs.tmpfs;

import dev.zlx.abi.Errno;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import java.nio.charset.StandardCharsets;

/** A tmpfs symlink: its text, mode 0777. */
final class TmpSymlink extends TmpNode {
    /** shmem keeps shorter targets in the inode (SHORT_SYMLINK_LEN); longer ones take a page. */
    private static final int SHORT_SYMLINK_LEN = 128;

    private final String target;
    private final long length;

    TmpSymlink(TmpFs fs, String target, Owner owner) {
        super(fs, StatMode.S_IFLNK | 0777, owner, 1);
        this.target = target;
        this.length = target.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    long size() {
        return length;
    }

    @Override
    long blocks() {
        return length >= SHORT_SYMLINK_LEN ? TmpFs.PAGE_SIZE / 512 : 0;
    }

    @Override
    public String readlink() {
        accessed();
        return target;
    }

    @Override
    public OpenFile open(int flags) {
        // The path walk follows symlinks; opening one itself is O_NOFOLLOW's ELOOP.
        throw Errno.ELOOP.exception();
    }

    @Override
    void unlinked() {
        fs.freeIno();
    }
}
