package dev.zlx.vfs;

/** One entry of a directory listing: its name, inode number and file type (DT_* value). */
public record DirEntry(String name, long ino, int type) {
}
