package dev.zlx.vfs;

/**
 * A file system attached at a point of the guest's tree.
 *
 * @param mountPoint the canonical absolute guest path ("/" for the root)
 * @param fileSystem what is mounted there
 * @param readOnly whether the mount refuses writes (MS_RDONLY), whatever the file system allows
 */
public record Mount(String mountPoint, FileSystem fileSystem, boolean readOnly) {
}
