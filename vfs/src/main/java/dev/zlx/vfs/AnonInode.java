package dev.zlx.vfs;

import dev.zlx.abi.FileStat;

/**
 * The one inode of Linux's anon_inodefs that epoll and eventfd descriptions share
 * (fs/anon_inodes.c): mode 0600 without a file type, owned by root, one link.
 */
public final class AnonInode {
    /** anon_inodefs's device, 0:16 as a 6.x kernel usually numbers it. */
    private static final long DEV = FileStat.makedev(0, 16);
    private static final long INO = 1;
    private static final int MODE = 0600;
    private static final int BLKSIZE = 4096;

    private AnonInode() {
    }

    /** What fstat(2) reports for an anonymous-inode description. */
    public static FileStat stat() {
        return new FileStat(DEV, INO, MODE, 1, 0, 0, 0, 0, BLKSIZE, 0, 0, 0, 0, 0, 0, 0);
    }
}
