package dev.zlx.vfs;

/**
 * The path walk's permission check (may_lookup): before it looks a name up in a directory the
 * walker asks whether the caller may search it, and this throws EACCES if not. The kernel
 * supplies it from the caller's credentials; the vfs knows no credentials.
 */
@FunctionalInterface
public interface SearchPermission {
    /** No check: a privileged caller (CAP_DAC_READ_SEARCH) or the kernel's own lookups. */
    SearchPermission ANY = directory -> { };

    /** Throws EACCES when the caller may not search directory. */
    void checkSearch(Inode directory);
}
