package dev.zlx.kernel;

/**
 * A task's identity: real, effective, saved and file-system user and group ids, and the
 * supplementary groups. Immutable: a change makes a new object, as Linux's struct cred.
 */
public record Credentials(int uid, int euid, int suid, int fsuid, int gid, int egid, int sgid, int fsgid, int[] groups) {
    /** The identity of a user with one id for every role. */
    public static Credentials of(int uid, int gid, int[] groups) {
        return new Credentials(uid, uid, uid, uid, gid, gid, gid, gid, groups.clone());
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }
}
