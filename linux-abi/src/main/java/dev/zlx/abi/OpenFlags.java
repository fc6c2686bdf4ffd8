package dev.zlx.abi;

/**
 * The open(2) flags whose values differ between architectures, and the translation of a guest's
 * flags to zlx's canonical values (x86-64's, as {@link Fcntl} defines them) and back.
 *
 * <p>Only O_DIRECT, O_LARGEFILE, O_DIRECTORY and O_NOFOLLOW differ (arm64 takes them from
 * asm/fcntl.h, x86-64 from asm-generic/fcntl.h); every other bit passes through unchanged.
 * Syscall decoders translate once with {@link #toCanonical} and handlers see only canonical flags;
 * {@link #fromCanonical} turns canonical flags back into the guest's (for fcntl F_GETFL).
 */
public final class OpenFlags {
    private static final OpenFlags X86_64 = new OpenFlags(040000, 0100000, 0200000, 0400000);
    private static final OpenFlags AARCH64 = new OpenFlags(0200000, 0400000, 040000, 0100000);

    private final int oDirect;
    private final int oLargefile;
    private final int oDirectory;
    private final int oNofollow;
    private final int differing;

    private OpenFlags(int oDirect, int oLargefile, int oDirectory, int oNofollow) {
        this.oDirect = oDirect;
        this.oLargefile = oLargefile;
        this.oDirectory = oDirectory;
        this.oNofollow = oNofollow;
        this.differing = oDirect | oLargefile | oDirectory | oNofollow;
    }

    /** The open flags of an architecture. */
    public static OpenFlags of(Arch arch) {
        return arch == Arch.AARCH64 ? AARCH64 : X86_64;
    }

    /** This architecture's O_DIRECT. */
    public int oDirect() {
        return oDirect;
    }

    /** This architecture's O_LARGEFILE. */
    public int oLargefile() {
        return oLargefile;
    }

    /** This architecture's O_DIRECTORY. */
    public int oDirectory() {
        return oDirectory;
    }

    /** This architecture's O_NOFOLLOW. */
    public int oNofollow() {
        return oNofollow;
    }

    /** This architecture's O_TMPFILE (__O_TMPFILE | O_DIRECTORY). */
    public int oTmpfile() {
        return 020000000 | oDirectory;
    }

    /** The canonical (x86-64) form of flags given by a guest of this architecture. */
    public int toCanonical(int guestFlags) {
        return translate(guestFlags, this, X86_64);
    }

    /** The guest form, for this architecture, of canonical (x86-64) flags. */
    public int fromCanonical(int canonicalFlags) {
        return translate(canonicalFlags, X86_64, this);
    }

    private static int translate(int flags, OpenFlags from, OpenFlags to) {
        if (from == to) {
            return flags;
        }
        int out = flags & ~from.differing;
        out |= (flags & from.oDirect) != 0 ? to.oDirect : 0;
        out |= (flags & from.oLargefile) != 0 ? to.oLargefile : 0;
        out |= (flags & from.oDirectory) != 0 ? to.oDirectory : 0;
        out |= (flags & from.oNofollow) != 0 ? to.oNofollow : 0;
        return out;
    }
}
