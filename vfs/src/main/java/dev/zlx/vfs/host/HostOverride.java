package dev.zlx.vfs.host;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;

/**
 * The owner, group, mode and file type the guest gave a host file, which the host file itself
 * cannot hold (it stays owned by the user running zlx). Kept in the host attribute
 * "user.containers.override_stat" as rootless containers keep it (containers/storage's
 * FormatContainersOverrideXattrDevice, read by fuse-overlayfs): "UID:GID:MODE:TYPE", MODE the
 * 12 permission bits in octal (at least 4 digits), TYPE one of file, dir, symlink, pipe,
 * socket, char-MAJOR-MINOR, block-MAJOR-MINOR. Older writers leave TYPE out: the host's type
 * stands then.
 *
 * @param mode the file type and permission bits, as st_mode
 * @param rdev the device number of a device node (glibc dev_t), else 0
 */
record HostOverride(int uid, int gid, int mode, long rdev) {
    /** The host attribute that holds it. */
    static final String XATTR = "user.containers.override_stat";

    /** The attribute value. */
    String encode() {
        String type = switch (mode & StatMode.S_IFMT) {
            case StatMode.S_IFDIR -> "dir";
            case StatMode.S_IFLNK -> "symlink";
            case StatMode.S_IFIFO -> "pipe";
            case StatMode.S_IFSOCK -> "socket";
            case StatMode.S_IFCHR -> "char-" + FileStat.major(rdev) + "-" + FileStat.minor(rdev);
            case StatMode.S_IFBLK -> "block-" + FileStat.major(rdev) + "-" + FileStat.minor(rdev);
            default -> "file";
        };
        return Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid) + ":"
                + String.format("%04o", mode & 07777) + ":" + type;
    }

    /**
     * The override a value holds, for a host file of type hostType (S_IFMT), or null when the
     * value is malformed (it is then ignored, as if absent).
     */
    static HostOverride decode(String value, int hostType) {
        String[] f = value.split(":", -1);
        if (f.length < 3) {
            return null;
        }
        try {
            int uid = Integer.parseUnsignedInt(f[0]);
            int gid = Integer.parseUnsignedInt(f[1]);
            int perm = Integer.parseInt(f[2], 8);
            if (perm < 0 || perm > 07777) {
                return null;
            }
            if (f.length == 3) {
                return new HostOverride(uid, gid, hostType | perm, 0);
            }
            String type = f[3];
            long rdev = 0;
            int t;
            if (type.startsWith("char") || type.startsWith("block")) {
                // "char-MAJOR-MINOR"; parts past the third are ignored, as containers/storage does.
                String[] d = type.split("-");
                if (d.length < 3 || !(d[0].equals("char") || d[0].equals("block"))) {
                    return null;
                }
                rdev = FileStat.makedev(Integer.parseInt(d[1]), Integer.parseInt(d[2]));
                t = d[0].equals("char") ? StatMode.S_IFCHR : StatMode.S_IFBLK;
            } else if (type.startsWith("file")) {
                t = StatMode.S_IFREG;
            } else if (type.startsWith("dir")) {
                t = StatMode.S_IFDIR;
            } else if (type.startsWith("symlink")) {
                t = StatMode.S_IFLNK;
            } else if (type.startsWith("pipe")) {
                t = StatMode.S_IFIFO;
            } else if (type.startsWith("socket")) {
                t = StatMode.S_IFSOCK;
            } else {
                return null;
            }
            // Only a host regular file can stand for another type (an empty file for a device
            // node, as containers/storage extracts them); a directory or symlink stays one.
            if (t != hostType && hostType != StatMode.S_IFREG) {
                t = hostType;
                rdev = 0;
            }
            return new HostOverride(uid, gid, t | perm, rdev);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The host's attributes as the guest sees them with this override. */
    FileStat apply(FileStat host) {
        int type = mode & StatMode.S_IFMT;
        boolean device = type == StatMode.S_IFCHR || type == StatMode.S_IFBLK;
        return new FileStat(host.dev(), host.ino(), mode, host.nlink(), uid, gid, device ? rdev : host.rdev(),
                device ? 0 : host.size(), host.blksize(), host.blocks(), host.atimeSec(), host.atimeNsec(),
                host.mtimeSec(), host.mtimeNsec(), host.ctimeSec(), host.ctimeNsec());
    }
}
