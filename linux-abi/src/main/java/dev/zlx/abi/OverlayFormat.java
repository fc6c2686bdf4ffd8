package dev.zlx.abi;

/**
 * How layered file systems mark what an upper layer removes: overlayfs's own on-disk format
 * (Documentation/filesystems/overlayfs.rst) and the OCI image layer format (image-spec
 * layer.md), which image layers use in their tar archives.
 */
public final class OverlayFormat {
    /** overlayfs: a whiteout is a character device with device number 0/0. */
    public static final long WHITEOUT_RDEV = 0;
    /** overlayfs: the xattr marking a directory opaque (value "y"); trusted.* by default. */
    public static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    /** overlayfs with the userxattr option keeps its xattrs under user.overlay.*. */
    public static final String USER_OPAQUE_XATTR = "user.overlay.opaque";
    /** overlayfs keeps its private xattrs under these names, hidden from the overlay's users. */
    public static final String PRIVATE_XATTR_PREFIX = "trusted.overlay.";
    /** The opaque xattr's value. */
    public static final String OPAQUE_YES = "y";

    /** OCI: a file ".wh.NAME" in a layer removes NAME of the layers below. */
    public static final String OCI_WHITEOUT_PREFIX = ".wh.";
    /** OCI: a file of this name in a directory hides everything the layers below hold in it. */
    public static final String OCI_OPAQUE_MARKER = ".wh..wh..opq";

    private OverlayFormat() {
    }
}
