package dev.zlx.vfs.tty;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.dev.CharDevice;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The devpts file system (fs/devpts/inode.c): one node per live pty, /dev/pts/N, numbered from
 * the lowest free index, and ptmx (c 5:2, mode 0000 as ptmxmode's default). A new node gets
 * the mount's mode and the opener's uid, and the mount's gid or else the opener's. The node
 * goes when the master closes.
 */
public final class DevPts implements FileSystem {
    /** TTYAUX_MAJOR and the minors of /dev/tty and /dev/ptmx. */
    public static final int TTYAUX_MAJOR = 5;
    public static final int PTMX_MINOR = 2;

    private final SyntheticFileSystem fs = new SyntheticFileSystem("devpts");
    private final int mode;
    private final int gid;
    /** Live ptys by index. Guarded by itself. */
    private final TreeMap<Integer, PtsNode> nodes = new TreeMap<>();

    /** A devpts with mount options mode= and gid= (gid -1: the opener's). */
    public DevPts(int mode, int gid) {
        this.mode = mode;
        this.gid = gid;
        SyntheticDirectory root = new SyntheticDirectory(fs, 0755) {
            @Override
            protected List<String> dynamicNames() {
                synchronized (nodes) {
                    List<String> names = new ArrayList<>();
                    nodes.keySet().forEach(i -> names.add(Integer.toString(i)));
                    return names;
                }
            }

            @Override
            protected Inode dynamicLookup(String name) {
                try {
                    int index = Integer.parseInt(name);
                    synchronized (nodes) {
                        return name.equals(Integer.toString(index)) ? nodes.get(index) : null;
                    }
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        };
        fs.setRoot(root);
        CharDevice[] ptmx = new CharDevice[1];
        ptmx[0] = root.add("ptmx", new CharDevice(fs, TTYAUX_MAJOR, PTMX_MINOR, 0, flags -> openMaster(ptmx[0], flags)));
    }

    @Override
    public String type() {
        return "devpts";
    }

    @Override
    public Inode root() {
        return fs.root();
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public dev.zlx.abi.Statfs statfs() {
        return new dev.zlx.abi.Statfs(dev.zlx.abi.Statfs.DEVPTS_SUPER_MAGIC, 4096, 0, 0, 0, 0, 0, 255, 0);
    }

    /** A new pty opened through this devpts's own ptmx (zlx's `-t` wiring). */
    public PtyMaster openMaster(int flags) {
        return (PtyMaster) root().lookup("ptmx").open(flags);
    }

    /** ptmx_open: a new pty, locked, with its node; through is the ptmx node opened. */
    public PtyMaster openMaster(Inode through, int flags) {
        JobControl caller = JobControl.current();
        Owner owner = caller != null ? caller.owner() : Owner.ROOT;
        Tty tty;
        synchronized (nodes) {
            int index = 0;
            while (nodes.containsKey(index)) {
                index++;
            }
            int taken = index;
            tty = new Tty(index, () -> {
                synchronized (nodes) {
                    nodes.remove(taken);
                }
            });
            nodes.put(index, new PtsNode(fs, this, tty, mode, owner.uid(), gid >= 0 ? gid : owner.gid()));
        }
        return new PtyMaster(tty, through, this, flags);
    }

    /** Opens tty's slave through its node (EIO once the master is gone). */
    OpenFile openSlave(Tty tty, Inode node, int flags) {
        return new PtySlave(tty, node, flags, (flags & Fcntl.O_NOCTTY) != 0);
    }

    /** TIOCGPTPEER: the slave through its node, EIO if the master already went. */
    OpenFile openSlave(Tty tty, int flags) {
        PtsNode node;
        synchronized (nodes) {
            node = nodes.get(tty.index());
        }
        if (node == null) {
            throw Errno.EIO.exception();
        }
        return openSlave(tty, node, flags);
    }

    /** /dev/tty: another description of the caller's controlling terminal (never taking one). */
    public static OpenFile openControlling(Inode devTty, int flags) {
        JobControl caller = JobControl.current();
        Tty tty = caller == null ? null : caller.controllingTty();
        if (tty == null) {
            throw Errno.ENXIO.exception();
        }
        return new PtySlave(tty, devTty, flags, true);
    }
}
