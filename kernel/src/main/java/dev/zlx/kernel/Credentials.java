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

    /**
     * The credentials after execve of a file with the given owner and mode (fs/exec.c
     * bprm_fill_uid, then commit_creds): a set-user-ID file makes its owner the effective user,
     * a set-group-ID file with group execute permission its group the effective group; the saved
     * and file-system ids then follow the effective ones.
     */
    public Credentials afterExec(int fileUid, int fileGid, int mode) {
        int newEuid = (mode & dev.zlx.abi.StatMode.S_ISUID) != 0 ? fileUid : euid;
        boolean setgid = (mode & (dev.zlx.abi.StatMode.S_ISGID | dev.zlx.abi.StatMode.S_IXGRP))
                == (dev.zlx.abi.StatMode.S_ISGID | dev.zlx.abi.StatMode.S_IXGRP);
        int newEgid = setgid ? fileGid : egid;
        return new Credentials(uid, newEuid, newEuid, newEuid, gid, newEgid, newEgid, newEgid, groups);
    }

    /** AT_SECURE: the program runs with an identity its caller did not have. */
    public boolean secureExec() {
        return euid != uid || egid != gid;
    }
}
