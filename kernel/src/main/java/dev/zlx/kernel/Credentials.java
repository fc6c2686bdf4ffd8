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

    /** The number of supplementary groups. */
    public int groupCount() {
        return groups.length;
    }

    /** These credentials with new real, effective, saved and file-system user ids. */
    public Credentials withUids(int uid, int euid, int suid, int fsuid) {
        return new Credentials(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups);
    }

    /** These credentials with new real, effective, saved and file-system group ids. */
    public Credentials withGids(int gid, int egid, int sgid, int fsgid) {
        return new Credentials(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups);
    }

    /** These credentials with a copy of groups as the supplementary groups. */
    public Credentials withGroups(int[] groups) {
        return new Credentials(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups.clone());
    }
}
