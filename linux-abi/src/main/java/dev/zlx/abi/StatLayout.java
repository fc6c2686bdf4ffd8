package dev.zlx.abi;

/**
 * struct stat as stat(2), fstat(2) and newfstatat(2) write it. x86-64 has its own layout
 * (arch/x86/include/uapi/asm/stat.h: 144 bytes, u64 st_nlink before u32 st_mode, long st_blksize);
 * aarch64 uses asm-generic/stat.h (128 bytes, u32 st_mode before u32 st_nlink, int st_blksize).
 */
public final class StatLayout {
    /** sizeof(struct stat) on x86-64. */
    public static final int SIZE_X86_64 = 144;
    /** sizeof(struct stat) on aarch64. */
    public static final int SIZE_AARCH64 = 128;

    private StatLayout() {
    }

    /** sizeof(struct stat) on an architecture. */
    public static int size(Arch arch) {
        return arch == Arch.AARCH64 ? SIZE_AARCH64 : SIZE_X86_64;
    }

    /** The struct stat of an architecture for these attributes, padding zeroed. */
    public static byte[] encode(Arch arch, FileStat st) {
        byte[] b = new byte[size(arch)];
        LittleEndian.putU64(b, 0, st.dev());
        LittleEndian.putU64(b, 8, st.ino());
        if (arch == Arch.AARCH64) {
            LittleEndian.putU32(b, 16, st.mode());
            LittleEndian.putU32(b, 20, (int) st.nlink());
            LittleEndian.putU32(b, 24, st.uid());
            LittleEndian.putU32(b, 28, st.gid());
            LittleEndian.putU64(b, 32, st.rdev());
            LittleEndian.putU32(b, 56, st.blksize());
        } else {
            LittleEndian.putU64(b, 16, st.nlink());
            LittleEndian.putU32(b, 24, st.mode());
            LittleEndian.putU32(b, 28, st.uid());
            LittleEndian.putU32(b, 32, st.gid());
            LittleEndian.putU64(b, 40, st.rdev());
            LittleEndian.putU64(b, 56, st.blksize());
        }
        LittleEndian.putU64(b, 48, st.size());
        LittleEndian.putU64(b, 64, st.blocks());
        LittleEndian.putU64(b, 72, st.atimeSec());
        LittleEndian.putU64(b, 80, st.atimeNsec());
        LittleEndian.putU64(b, 88, st.mtimeSec());
        LittleEndian.putU64(b, 96, st.mtimeNsec());
        LittleEndian.putU64(b, 104, st.ctimeSec());
        LittleEndian.putU64(b, 112, st.ctimeNsec());
        return b;
    }

    /** The attributes in a struct stat of an architecture (the inverse of {@link #encode}). */
    public static FileStat decode(Arch arch, byte[] b) {
        boolean generic = arch == Arch.AARCH64;
        return new FileStat(
                LittleEndian.getU64(b, 0),
                LittleEndian.getU64(b, 8),
                LittleEndian.getU32(b, generic ? 16 : 24),
                generic ? LittleEndian.getU32(b, 20) & 0xffffffffL : LittleEndian.getU64(b, 16),
                LittleEndian.getU32(b, generic ? 24 : 28),
                LittleEndian.getU32(b, generic ? 28 : 32),
                LittleEndian.getU64(b, generic ? 32 : 40),
                LittleEndian.getU64(b, 48),
                generic ? LittleEndian.getU32(b, 56) : (int) LittleEndian.getU64(b, 56),
                LittleEndian.getU64(b, 64),
                LittleEndian.getU64(b, 72), LittleEndian.getU64(b, 80),
                LittleEndian.getU64(b, 88), LittleEndian.getU64(b, 96),
                LittleEndian.getU64(b, 104), LittleEndian.getU64(b, 112));
    }
}
