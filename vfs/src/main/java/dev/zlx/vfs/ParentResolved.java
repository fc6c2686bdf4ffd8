package dev.zlx.vfs;

/**
 * The outcome of a path walk that stops before the last component, for calls that create,
 * remove or rename it.
 *
 * @param directory the directory that holds (or will hold) the last component
 * @param name the last component, never empty; "." or ".." when the path ends so (each call
 *     refuses those with its own errno: mkdir EEXIST, rmdir EINVAL/ENOTEMPTY, unlink EISDIR)
 * @param trailingSlash whether the path ended in "/" (the object must then be a directory)
 */
public record ParentResolved(Resolved directory, String name, boolean trailingSlash) {
    /** The canonical guest path the last component has or would have. */
    public String childPath() {
        return directory.path().equals("/") ? "/" + name : directory.path() + "/" + name;
    }
}
