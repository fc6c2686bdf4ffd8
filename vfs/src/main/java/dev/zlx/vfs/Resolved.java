package dev.zlx.vfs;

/**
 * The outcome of a path walk.
 *
 * @param path the canonical absolute guest path of the object (no ".", "..", or symlinks)
 * @param inode the object
 * @param mount the mount the object lives in
 */
public record Resolved(String path, Inode inode, Mount mount) {
}
