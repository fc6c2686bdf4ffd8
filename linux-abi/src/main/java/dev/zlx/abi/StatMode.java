package dev.zlx.abi;

/**
 * File type and permission bits of st_mode (linux/stat.h) and the d_type values of getdents64(2) (DT_*, as glibc's dirent.h defines them).
 */
public final class StatMode {
    private StatMode() {
    }

    // File types
    /** Mask of the file type bits. */
    public static final int S_IFMT = 0170000;
    /** Socket. */
    public static final int S_IFSOCK = 0140000;
    /** Symbolic link. */
    public static final int S_IFLNK = 0120000;
    /** Regular file. */
    public static final int S_IFREG = 0100000;
    /** Block device. */
    public static final int S_IFBLK = 060000;
    /** Directory. */
    public static final int S_IFDIR = 040000;
    /** Character device. */
    public static final int S_IFCHR = 020000;
    /** FIFO. */
    public static final int S_IFIFO = 010000;

    // Permission bits
    /** Set-user-id. */
    public static final int S_ISUID = 04000;
    /** Set-group-id. */
    public static final int S_ISGID = 02000;
    /** Sticky bit. */
    public static final int S_ISVTX = 01000;
    /** S_IRWXU as the kernel header defines it. */
    public static final int S_IRWXU = 0700;
    /** S_IRUSR as the kernel header defines it. */
    public static final int S_IRUSR = 0400;
    /** S_IWUSR as the kernel header defines it. */
    public static final int S_IWUSR = 0200;
    /** S_IXUSR as the kernel header defines it. */
    public static final int S_IXUSR = 0100;
    /** S_IRWXG as the kernel header defines it. */
    public static final int S_IRWXG = 070;
    /** S_IRGRP as the kernel header defines it. */
    public static final int S_IRGRP = 040;
    /** S_IWGRP as the kernel header defines it. */
    public static final int S_IWGRP = 020;
    /** S_IXGRP as the kernel header defines it. */
    public static final int S_IXGRP = 010;
    /** S_IRWXO as the kernel header defines it. */
    public static final int S_IRWXO = 7;
    /** S_IROTH as the kernel header defines it. */
    public static final int S_IROTH = 4;
    /** S_IWOTH as the kernel header defines it. */
    public static final int S_IWOTH = 2;
    /** S_IXOTH as the kernel header defines it. */
    public static final int S_IXOTH = 1;

    // Directory entry types
    /** Unknown type. */
    public static final int DT_UNKNOWN = 0;
    /** FIFO. */
    public static final int DT_FIFO = 1;
    /** Character device. */
    public static final int DT_CHR = 2;
    /** Directory. */
    public static final int DT_DIR = 4;
    /** Block device. */
    public static final int DT_BLK = 6;
    /** Regular file. */
    public static final int DT_REG = 8;
    /** Symbolic link. */
    public static final int DT_LNK = 10;
    /** Socket. */
    public static final int DT_SOCK = 12;
    /** Whiteout. */
    public static final int DT_WHT = 14;

    /** The file type bits of a mode ({@code mode & S_IFMT}). */
    public static int type(int mode) {
        return mode & S_IFMT;
    }

    /** The d_type of a file with this mode ({@code IFTODT}: the type bits shifted right by 12). */
    public static int toDirentType(int mode) {
        return (mode & S_IFMT) >>> 12;
    }

    /** The st_mode type bits for a d_type ({@code DTTOIF}); DT_UNKNOWN gives 0. */
    public static int fromDirentType(int type) {
        return (type << 12) & S_IFMT;
    }

}
