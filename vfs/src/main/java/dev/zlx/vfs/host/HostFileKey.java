package dev.zlx.vfs.host;

import dev.zlx.abi.FileStat;

/**
 * A host file as file locks name it: its host device and inode numbers, since hostfs makes a new
 * inode object per lookup and two mounts may show the same host file.
 */
record HostFileKey(long dev, long ino) {
    static HostFileKey of(FileStat st) {
        return new HostFileKey(st.dev(), st.ino());
    }
}
