package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import java.nio.charset.StandardCharsets;

/** /proc/PID/loginuid and task/TID/loginuid: the audit login uid of one task (kernel/audit.c). */
public final class LoginUid {
    private LoginUid() {
    }

    /** proc_loginuid_read: thread t's audit login uid (the leader's when t is null), unsigned, no newline. */
    public static byte[] read(Process p, Task t) {
        Task task = t != null ? t : TaskState.leader(p);
        return ProcessFiles.text(Integer.toUnsignedString(task == null ? -1 : task.loginuid()));
    }

    /**
     * proc_loginuid_write and audit_set_loginuid: only the task the file names (thread t, the
     * leader when t is null) may write it (EPERM); an unsigned decimal (EINVAL, ERANGE beyond 32
     * bits); a task whose login uid is unset may set it, once set it takes CAP_AUDIT_CONTROL
     * (privilege in the initial namespace) to change (EPERM). 4294967295 unsets it.
     */
    public static void write(Process p, Task t, byte[] data) {
        Task caller = Task.current();
        Task target = t != null ? t : TaskState.leader(p);
        if (caller == null || caller != target || caller.tid() != (t != null ? t.tid() : p.pid())) {
            throw Errno.EPERM.exception();
        }
        String s = new String(data, StandardCharsets.UTF_8);
        s = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw Errno.EINVAL.exception();
        }
        long value;
        try {
            value = Long.parseLong(s);
        } catch (NumberFormatException tooLong) {
            throw Errno.ERANGE.exception();
        }
        if (value > 0xffffffffL) {
            throw Errno.ERANGE.exception();
        }
        if (caller.loginuid() != -1 && !Privilege.global(p)) {
            throw Errno.EPERM.exception();
        }
        caller.setLoginuid((int) value);
    }
}
