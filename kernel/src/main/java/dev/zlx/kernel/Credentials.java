package dev.zlx.kernel;

/**
 * A task's identity: real, effective, saved and file-system user and group ids (kernel ids),
 * the supplementary groups, the user namespace it lives in and its capabilities there.
 * Immutable: a change makes a new object, as Linux's struct cred.
 *
 * <p>Capabilities are all or nothing: capPermitted and capEffective stand for full or empty
 * permitted and effective sets, following Linux's rules for a process without file
 * capabilities (security/commoncap.c): the namespace's root (the kernel uid its id 0 maps to)
 * has them, they follow uid changes (cap_emulate_setxuid) and execve (only a root effective uid
 * keeps them effective), and the creator of a user namespace gets all of them there.
 */
public record Credentials(int uid, int euid, int suid, int fsuid, int gid, int egid, int sgid, int fsgid, int[] groups,
        UserNamespace userNs, boolean capPermitted, boolean capEffective) {
    /** Credentials in the initial namespace; privileged when the effective uid is 0. */
    public Credentials(int uid, int euid, int suid, int fsuid, int gid, int egid, int sgid, int fsgid, int[] groups) {
        this(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups, UserNamespace.INITIAL, uid == 0 || euid == 0
                || suid == 0, euid == 0);
    }

    /** The identity of a user with one id for every role, in the initial namespace. */
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

    /**
     * These credentials with new real, effective, saved and file-system user ids, and the
     * capabilities cap_emulate_setxuid leaves: leaving root in all three ids drops them all,
     * leaving it as effective id drops the effective set, returning to it restores it.
     */
    public Credentials withUids(int uid, int euid, int suid, int fsuid) {
        long root = userNs.kernelUid(0);
        boolean wasRoot = isRoot(this.uid, root) || isRoot(this.euid, root) || isRoot(this.suid, root);
        boolean isRoot = isRoot(uid, root) || isRoot(euid, root) || isRoot(suid, root);
        boolean permitted = capPermitted && !(wasRoot && !isRoot);
        boolean effective = capEffective && permitted;
        if (isRoot(this.euid, root) && !isRoot(euid, root)) {
            effective = false;
        } else if (!isRoot(this.euid, root) && isRoot(euid, root)) {
            effective = permitted;
        }
        return new Credentials(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups, userNs, permitted, effective);
    }

    private static boolean isRoot(int kuid, long root) {
        return Integer.toUnsignedLong(kuid) == root;
    }

    /** These credentials with new real, effective, saved and file-system group ids. */
    public Credentials withGids(int gid, int egid, int sgid, int fsgid) {
        return new Credentials(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups, userNs, capPermitted,
                capEffective);
    }

    /** These credentials with a copy of groups as the supplementary groups. */
    public Credentials withGroups(int[] groups) {
        return new Credentials(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups.clone(), userNs, capPermitted,
                capEffective);
    }

    /**
     * create_user_ns and set_cred_user_ns: the same ids in a new child namespace, with every
     * capability there. ENOSPC and EPERM as {@link UserNamespace#create}.
     */
    public Credentials inNewUserNamespace(boolean chrooted) {
        UserNamespace ns = UserNamespace.create(this, chrooted);
        return new Credentials(uid, euid, suid, fsuid, gid, egid, sgid, fsgid, groups, ns, true, true);
    }

    /**
     * The credentials after execve of a file with the given owner and mode (fs/exec.c
     * bprm_fill_uid, then commit_creds): a set-user-ID file makes its owner the effective user,
     * a set-group-ID file with group execute permission its group the effective group (both only
     * when the namespace maps the file's owner and group); the saved
     * and file-system ids then follow the effective ones. Capabilities are then the namespace
     * root's (handle_privileged_root): permitted for a root real or effective uid, effective
     * only for a root effective uid.
     */
    public Credentials afterExec(int fileUid, int fileGid, int mode) {
        // bprm_fill_uid ignores the bits of a file whose owner or group the namespace does not map.
        boolean mapped = userNs.uidOrInvalid(fileUid) != IdMap.INVALID && userNs.gidOrInvalid(fileGid) != IdMap.INVALID;
        int newEuid = mapped && (mode & dev.zlx.abi.StatMode.S_ISUID) != 0 ? fileUid : euid;
        boolean setgid = mapped && (mode & (dev.zlx.abi.StatMode.S_ISGID | dev.zlx.abi.StatMode.S_IXGRP))
                == (dev.zlx.abi.StatMode.S_ISGID | dev.zlx.abi.StatMode.S_IXGRP);
        int newEgid = setgid ? fileGid : egid;
        long root = userNs.kernelUid(0);
        boolean effective = isRoot(newEuid, root);
        boolean permitted = effective || isRoot(uid, root);
        return new Credentials(uid, newEuid, newEuid, newEuid, gid, newEgid, newEgid, newEgid, groups, userNs,
                permitted, effective);
    }

    /** AT_SECURE: the program runs with an identity its caller did not have. */
    public boolean secureExec() {
        return euid != uid || egid != gid;
    }
}
