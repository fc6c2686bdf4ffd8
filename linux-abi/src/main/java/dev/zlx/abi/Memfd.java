package dev.zlx.abi;

/** memfd_create(2) flags and the file seals of fcntl F_ADD_SEALS/F_GET_SEALS (linux/memfd.h, linux/fcntl.h). */
public final class Memfd {
    public static final int MFD_CLOEXEC = 0x0001;
    public static final int MFD_ALLOW_SEALING = 0x0002;
    public static final int MFD_HUGETLB = 0x0004;
    /** Linux 6.3+: not executable, F_SEAL_EXEC set. */
    public static final int MFD_NOEXEC_SEAL = 0x0008;
    /** Linux 6.3+: executable. */
    public static final int MFD_EXEC = 0x0010;
    /** The hugetlb page-size bits (MFD_HUGE_MASK << MFD_HUGE_SHIFT). */
    public static final int MFD_HUGE_MASK = 0x3f << 26;

    /** The longest name: NAME_MAX minus the length of "memfd:". */
    public static final int MFD_NAME_MAX_LEN = 255 - 6;
    /** What the file's path shows before the name. */
    public static final String NAME_PREFIX = "memfd:";

    /** No more seals may be added. */
    public static final int F_SEAL_SEAL = 0x0001;
    /** The file may not shrink. */
    public static final int F_SEAL_SHRINK = 0x0002;
    /** The file may not grow. */
    public static final int F_SEAL_GROW = 0x0004;
    /** The file may not be written (nor mapped shared-writable). */
    public static final int F_SEAL_WRITE = 0x0008;
    /** Like F_SEAL_WRITE, but mappings that exist keep writing. */
    public static final int F_SEAL_FUTURE_WRITE = 0x0010;
    /** The executable bits may not change. */
    public static final int F_SEAL_EXEC = 0x0020;
    /** The seals F_ADD_SEALS knows. */
    public static final int F_SEAL_ALL = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE
            | F_SEAL_FUTURE_WRITE | F_SEAL_EXEC;

    private Memfd() {
    }
}
