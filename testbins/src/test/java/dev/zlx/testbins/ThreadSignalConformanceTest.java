package dev.zlx.testbins;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Threads and signals: the pthreads and signals programs for every target against their
 * reference, and the host's python3 using threading, signal handlers and an interval timer.
 */
class ThreadSignalConformanceTest {

    private static void conforms(Target target, String program, String expected) {
        Invocation inv = Invocation.of(target, program);
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Compare.stdout(expected, ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void pthreads_mutexCondvarJoinTls(Target target) {
        conforms(target, "pthreads", "counter=40000 sum=100\n");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void pthreadsMore_barriersRwlocksTsdDetachCancelKillAndSigmask(Target target) {
        String join = target == Target.X86_64_MUSL ? "not tried (musl aborts)" : "EINVAL";
        conforms(target, "pthreads_more", String.join("\n",
                "barrier: 4 threads, 5 rounds, all arrived each round 1, serial threads 5",
                "rwlock: 3 readers inside at once, trywrlock while read-locked: EBUSY, a=4000 b=4000 torn reads 0",
                "rwlock: write-locked: tryrdlock EBUSY, trywrlock EBUSY; free: tryrdlock OK",
                "tsd: own values 1 1 1, destructors run 1 1 1, main's value kept 1 (not destructed 1)",
                "detach: 4 detached threads finished, pthread_detach OK, join of a detached thread " + join
                        + ", attr detached 1",
                "cancel at testcancel: cancel OK, join OK, PTHREAD_CANCELED 1, cleanup ran 1",
                "cancel at sleep: cancel OK, join OK, PTHREAD_CANCELED 1, cleanup ran 1",
                "cancel at read: cancel OK, join OK, PTHREAD_CANCELED 1, cleanup ran 1",
                "cancel while disabled: cancel OK, result 7",
                "pthread_kill: probe OK, kill OK, handler ran for signal 10 on the target thread 1",
                "pthread_sigmask: blocked 1, bad how EINVAL, process signal 12 taken by the thread that unblocked it 1",
                "pending while blocked 1, handled on unblock 1 by main 1", ""));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void priority_niceValuesPerThreadInheritedCheckedAndClamped(Target target) {
        String expected = String.join("\n",
                "set 0: OK, get 0",
                "set 100: OK, get 19, raw 1",
                "set -100: OK, get -20, raw 40",
                "nice(5): -15 OK, nice(0): -15",
                "which 3: get EINVAL, set EINVAL; which -1: get EINVAL",
                "reaped pid: get ESRCH, set ESRCH; its group: ESRCH; uid 54322: get ESRCH, set ESRCH",
                "zombie: get -15, set OK, get -18, its group -18",
                "new thread inherits: 7",
                "thread sets its own: OK, now 3",
                "main still 7, thread by tid 3, group max 3",
                "main sets the thread: OK",
                "thread sees what main set: 11",
                "fork:",
                "  child sees 7",
                "after exec: 7",
                "group of 2: set 4: OK, get 4, member 4, own group still 7",
                "  child sees 4",
                "  child sees 4",
                "user 54321: set 13: OK, get 13",
                "  child sees 13",
                "  child sees 13",
                "unprivileged, RLIMIT_NICE 0: raise to 12: OK, back to 10: EACCES, to 20: OK, to 19: OK, now 19",
                "  root's process: get 7, set EPERM, its group EPERM, own user's processes OK", "");
        // qemu-aarch64 cannot execve an aarch64 binary on this host.
        GuestRunner.matchesLinux(target, Invocation.of(target, "priority"), expected);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void signals_handlersMasksFaultsAndEintr(Target target) {
        conforms(target, "signals", "handler 10 code=0 pid_ok=1\nafter kill got=10 d=3.0\nblocked got=0\n"
                + "handler 10 code=-6 pid_ok=1\nunblocked got=10\nrecovered from SIGSEGV\n"
                + "read=-1 errno=EINTR got=14\n");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void sigwait_queuedValuesTimeoutAndCrossProcess(Target target) {
        conforms(target, "sigwait", "sig=12 code=0 val=0\nsig=1 code=-1 val=42\nsig=1 code=-1 val=42\n"
                + "timeout r=-1 errno=EAGAIN\nwaited sig=12\n");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void execFromANonLeaderThread_endsTheOthersAndTakesThePid(Target target) {
        String expected = "exec from a non-leader thread (tid != pid: 1) of a process with 4 threads\n"
                + "after exec: same pid 1, tid == pid 1\n";
        // qemu-aarch64 cannot execve an aarch64 binary on this host.
        GuestRunner.matchesLinux(target, Invocation.of(target, "exec_threads"), expected);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void posixTimer_periodicSignalWithValue(Target target) {
        conforms(target, "posix_timer", "timer fired 3 times, rusage ok=1, times ok=1\n");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void cpuTimers_itimersCpuClockIdsCpuTimersSleepsAndRlimitCpu(Target target) {
        // musl's clock_getcpuclockid passes the kernel's EINVAL for a reaped pid on; glibc makes it ESRCH.
        String reaped = target == Target.X86_64_MUSL ? "EINVAL" : "ESRCH";
        String expected = String.join("\n",
                "setitimer usec=1000000: EINVAL",
                "setitimer sec=-1: EINVAL",
                "setitimer which=3: EINVAL",
                "getitimer which=-1: EINVAL",
                "virtual disarmed: value=0 interval=1000000000",
                "prof 2s: value ok=1, old value ok=1, disarmed=1",
                "virtual timer still while sleeping: 1",
                "itimers: vtalrm>=5 1, prof>=5 1, si_code SI_KERNEL 1, remaining within interval 1",
                "fork child: virtual itimer zero=1",
                "after exec: prof itimer kept=1",
                "clock_getcpuclockid(self): OK encoding=1",
                "getres: sched=1 prof tick=1 virt tick=1",
                "process clock readable=1",
                "clock_getcpuclockid(parent): OK",
                "type 3: EINVAL, type 7: EINVAL",
                "other process: process clock OK, its thread clock EINVAL",
                "zombie: OK",
                "reaped: " + reaped,
                "pthread_getcpuclockid: OK encoding=1 burned>=50ms=1",
                "thread tid as process clock from another thread: EINVAL",
                "own thread clock by tid: 1",
                "process cpu timer: create OK, fired>=3 1, siginfo ok 1, remaining within interval 1",
                "thread cpu timer (SIGEV_NONE): counts down 1",
                "absolute time in the past (SIGEV_NONE): value=0",
                "timer on the other thread's clock: create OK, fired 1",
                "timer_create on another process's thread clock: EINVAL",
                "clock_nanosleep(THREAD_CPUTIME): EINVAL",
                "syscall clock_nanosleep(CLOCK_THREAD_CPUTIME_ID): EOPNOTSUPP",
                "syscall clock_nanosleep(own thread clock): EINVAL",
                "clock_nanosleep(PROCESS_CPUTIME, 50ms): OK advanced=1",
                "absolute, in the past: OK",
                "clock_nanosleep(other thread's clock, 30ms): OK advanced=1",
                "thread: own tid as process clock: gettime OK, getres EINVAL",
                "ended thread's clock: EINVAL",
                "RLIMIT_CPU: SIGXCPU 1 time(s), soft limit then 2, killed by SIGKILL 1", "");
        // qemu-aarch64 cannot execve an aarch64 binary on this host.
        GuestRunner.matchesLinux(target, Invocation.of(target, "cpu_timers"), expected);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void jobControl_stopReportedContinueReported(Target target) {
        conforms(target, "jobctl", "stopped=1 sig=19\nnothing read while stopped\nchild got a\ncontinued code=6\n"
                + "exited=1 code=3\n");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void stopsAndHandlers_restartBlocksKeepDeadlines_epollWaitFailsWithEintr(Target target) {
        conforms(target, "sleep_stop", "nanosleep returned 0, kept its deadline: 1\nchild exited 0\n"
                + "futex wait: -1 ETIMEDOUT, kept its deadline: 1\nchild exited 0\n"
                // x86-64's poll keeps its deadline (restart block); aarch64 has no poll syscall and
                // glibc's ppoll restarts with the time that was left when the stop came.
                + "poll: 0, kept its deadline: " + (target.arch().equals("x86_64") ? 1 : 0) + "\nchild exited 0\n"
                + "epoll_wait after stop and continue: -1 EINTR\nchild exited 0\n"
                + "futex wait with a timeout, SA_RESTART handler: -1 EINTR\n");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void nanosleepInterruptedByAlarm_givesEintrAndTheRemainder(Target target) {
        conforms(target, "sleep_eintr", "r=-1 eintr=1 rem_ok=1\n");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void robustMutex_ownerDiedIsReported(Target target) {
        // qemu-aarch64 does not walk robust lists (it hangs here).
        conformsNativelyElseExpected(target, "robust_mutex", "lock after owner died: EOWNERDEAD\n");
    }

    /** Compares with Linux where the host runs the target, elsewhere with the expected text (not qemu). */
    private static void conformsNativelyElseExpected(Target target, String program, String expected) {
        GuestRunner.matchesLinux(target, Invocation.of(target, program), expected);
    }

    /** What pi_mutex prints on Linux; musl has no pthread_mutex_clocklock, so it prints no such line. */
    private static String piMutexExpected(Target target) {
        List<String> lines = new ArrayList<>(List.of(
            "4 threads, PI mutex: counter=40000",
            "trylock while held: EBUSY",
            "timedlock while held: ETIMEDOUT",
            "clocklock(MONOTONIC) while held: ETIMEDOUT",
            "unlock after the timeouts: 0",
            "errorcheck PI relock: EDEADLK",
            "errorcheck PI unlock unlocked: EPERM",
            "recursive PI: 0 0 0 0",
            "robust PI, owner died: EOWNERDEAD, consistent: 0, unlock: 0, relock: 0",
            "robust PI, owner died while we waited: EOWNERDEAD, consistent: 0",
            "condvar with PI mutex: 100 rounds, timedwait: ETIMEDOUT, unlock: 0",
            "LOCK_PI free: 0, word main",
            "LOCK_PI own: EDEADLK",
            "TRYLOCK_PI own: EDEADLK",
            "LOCK_PI|CLOCK_REALTIME: ENOSYS",
            "peer TRYLOCK_PI on main's: EAGAIN, word main|WAITERS",
            "peer UNLOCK_PI on main's: EPERM",
            "peer LOCK_PI, realtime timeout: ETIMEDOUT",
            "peer LOCK_PI2, monotonic timeout: ETIMEDOUT",
            "peer LOCK_PI2|CLOCK_REALTIME, timeout: ETIMEDOUT",
            "peer LOCK_PI, bad timeout: EINVAL",
            "UNLOCK_PI: 0, word none",
            "UNLOCK_PI free: EPERM",
            "TRYLOCK_PI free: 0, word main",
            "LOCK_PI owned by an exited thread: ESRCH, word other|WAITERS",
            "LOCK_PI of OWNER_DIED: 0, word main|OWNER_DIED",
            "LOCK_PI of stale WAITERS: 0, word main",
            "LOCK_PI handed over by the owner: 0, word main|WAITERS",
            "UNLOCK_PI, no waiter left: 0, word none",
            "peer LOCK_PI across a signal: 0, handler ran: 1",
            "WAIT_REQUEUE_PI same address: EINVAL",
            "WAIT_REQUEUE_PI value changed: EAGAIN",
            "CMP_REQUEUE_PI nr_wake 2: EINVAL",
            "CMP_REQUEUE_PI same address: EINVAL",
            "CMP_REQUEUE_PI value changed: EAGAIN",
            "CMP_REQUEUE_PI no waiter: 0",
            "FUTEX_WAKE on a requeue_pi waiter: EINVAL",
            "CMP_REQUEUE_PI onto a held lock: 1, word main|WAITERS",
            "peer WAIT_REQUEUE_PI: 0, word peer|WAITERS",
            "peer UNLOCK_PI: 0",
            "UNLOCK_PI to the requeued waiter: 0",
            "peer WAIT_REQUEUE_PI: 0, word peer",
            "peer UNLOCK_PI: 0",
            "CMP_REQUEUE_PI onto a free lock: 1"));
        if (target == Target.X86_64_MUSL) {
            lines.removeIf(l -> l.startsWith("clocklock"));
        }
        return String.join("\n", lines) + "\n";
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void piMutex_lockHandOverTimeoutsOwnerDeathRequeueAndErrors(Target target) {
        // qemu-aarch64 ends a guest thread before its host thread, so a LOCK_PI on the TID of a
        // joined thread may find it alive (and wait for it to die) instead of failing with ESRCH.
        conformsNativelyElseExpected(target, "pi_mutex", piMutexExpected(target));
    }

    @Test
    void python3_threadsSignalsAndTimer() {
        String script = String.join("\n",
                "import threading, signal, os, time",
                "tot = [0] * 8",
                "def work(i):",
                "    tot[i] = sum(range(100000))",
                "ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]",
                "[t.start() for t in ts]; [t.join() for t in ts]",
                "got = []",
                "signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))",
                "os.kill(os.getpid(), signal.SIGUSR1)",
                "signal.signal(signal.SIGALRM, lambda s, f: got.append(s))",
                "signal.setitimer(signal.ITIMER_REAL, 0.05)",
                "time.sleep(0.3)",
                "print(set(tot), got)");
        Invocation inv = Invocation.of("/usr/bin/python3", "-c", script);
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("{4999950000} [10, 14]\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }
}
