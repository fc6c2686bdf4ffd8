package dev.zlx.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * openat2(2)'s struct open_how (include/uapi/linux/openat2.h): u64 flags, u64 mode, u64
 * resolve, the same on every architecture, and the RESOLVE_* flags.
 */
public record OpenHow(long flags, long mode, long resolve) {
    /** OPEN_HOW_SIZE_VER0: the smallest size openat2 accepts. */
    public static final int SIZE_VER0 = 24;
    /** The most bytes of an extended struct zlx reads (Linux allows up to a page). */
    public static final int SIZE_MAX = 4096;

    /** Paths may not cross a mount (bind mounts included): EXDEV. */
    public static final int RESOLVE_NO_XDEV = 0x01;
    /** No magic links (/proc/PID/fd/N, /proc/PID/exe): ELOOP. */
    public static final int RESOLVE_NO_MAGICLINKS = 0x02;
    /** No symlinks at all: ELOOP. */
    public static final int RESOLVE_NO_SYMLINKS = 0x04;
    /** Stay beneath the starting directory: no absolute paths or symlinks, no ".." above it (EXDEV). */
    public static final int RESOLVE_BENEATH = 0x08;
    /** The starting directory is the root for this lookup (absolute paths, symlinks and ".."). */
    public static final int RESOLVE_IN_ROOT = 0x10;
    /** Only from the kernel's caches, else EAGAIN. */
    public static final int RESOLVE_CACHED = 0x20;
    public static final int RESOLVE_ALL = 0x3f;

    /** Decodes the first 24 bytes of an open_how. */
    public static OpenHow decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return new OpenHow(b.getLong(0), b.getLong(8), b.getLong(16));
    }
}
