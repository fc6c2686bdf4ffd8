package dev.zlx.vfs.dev;

import dev.zlx.abi.StatMode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticNode;
import java.util.function.IntFunction;

/** A character device node: stat shows its major:minor, open makes the device's file. */
public final class CharDevice extends SyntheticNode {
    private final int major;
    private final int minor;
    private final IntFunction<OpenFile> opener;

    public CharDevice(SyntheticFileSystem fs, int major, int minor, int permissions, IntFunction<OpenFile> opener) {
        super(fs, StatMode.S_IFCHR | permissions);
        this.major = major;
        this.minor = minor;
        this.opener = opener;
    }

    @Override
    protected long rdev() {
        // new_encode_dev of linux/kdev_t.h
        return (minor & 0xff) | ((long) major << 8) | ((long) (minor & ~0xff) << 12);
    }

    @Override
    public OpenFile open(int flags) {
        return opener.apply(flags);
    }
}
