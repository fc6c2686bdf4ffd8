package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Clocks;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Itimers;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.abi.Timespec;
import dev.zlx.abi.Timeval;
import dev.zlx.kernel.PosixTimers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POSIX timers and the interval timers through the dispatcher (signals on CPU time: the guest program cpu_timers). */
class TimerSyscallsTest extends HandlerTestBase {
    private static final long MS = 1_000_000L;

    @AfterEach
    void deleteTimers() {
        for (int id : PosixTimers.of(guest.process()).ids()) {
            PosixTimers.of(guest.process()).delete(id);
        }
    }

    private long sigevent(long value, int signo, int notify, int tid) {
        ByteBuffer b = ByteBuffer.allocate(TimerSyscalls.SIGEVENT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, value).putInt(8, signo).putInt(12, notify).putInt(16, tid);
        return guest.put(b.array());
    }

    private long itimerspec(long intervalNanos, long valueNanos) {
        byte[] b = new byte[2 * Timespec.SIZE];
        new Timespec(intervalNanos / 1_000_000_000L, intervalNanos % 1_000_000_000L).write(b, 0);
        new Timespec(valueNanos / 1_000_000_000L, valueNanos % 1_000_000_000L).write(b, Timespec.SIZE);
        return guest.put(b);
    }

    private Timespec[] readItimerspec(long addr) {
        byte[] b = guest.read(addr, 2 * Timespec.SIZE);
        return new Timespec[] {Timespec.read(b, 0), Timespec.read(b, Timespec.SIZE)};
    }

    /** timer_create that must succeed; returns the id. */
    private int create(int clock, long sevp) {
        long idOut = guest.alloc(4);
        assertEquals(0, sys("timer_create", clock, sevp, idOut));
        return ByteBuffer.wrap(guest.read(idOut, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 20_000 * MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(1);
        }
    }

    @Test
    void roundTrip_createSetGetDelete() {
        int id = create(Clocks.CLOCK_MONOTONIC, 0);
        assertEquals(0, id);
        assertEquals(0, sys("timer_settime", id, 0, itimerspec(2_000 * MS, 3_600_000 * MS), 0));
        long cur = guest.alloc(2 * Timespec.SIZE);
        assertEquals(0, sys("timer_gettime", id, cur));
        Timespec[] got = readItimerspec(cur);
        assertEquals(new Timespec(2, 0), got[0]);
        assertTrue(got[1].sec() <= 3600 && (got[1].sec() > 0 || got[1].nsec() > 0), got[1].toString());
        long old = guest.alloc(2 * Timespec.SIZE);
        assertEquals(0, sys("timer_settime", id, 0, itimerspec(0, 0), old));
        assertEquals(new Timespec(2, 0), readItimerspec(old)[0]);
        assertEquals(0, sys("timer_gettime", id, cur));
        assertEquals(new Timespec(0, 0), readItimerspec(cur)[1]);
        assertEquals(0, sys("timer_getoverrun", id));
        assertEquals(0, sys("timer_delete", id));
        assertEquals(err(Errno.EINVAL), sys("timer_gettime", id, cur));
        assertEquals(err(Errno.EINVAL), sys("timer_delete", id));
    }

    @Test
    void expiry_sendsTheSignalWithTheTimerLayout() throws InterruptedException {
        guest.process().setAction(Signals.SIGUSR1, new KernelSigaction(0x401000, 0, 0, 0));
        // Blocked, so that a return from a syscall does not deliver it before the test looks.
        guest.task().setSignalMask(Signals.maskBit(Signals.SIGUSR1));
        int id = create(Clocks.CLOCK_REALTIME, sigevent(0x1234_5678_9abcL, Signals.SIGUSR1, TimerSyscalls.SIGEV_SIGNAL, 0));
        assertEquals(0, sys("timer_settime", id, 0, itimerspec(0, MS), 0));
        await(() -> (guest.task().pending() & Signals.maskBit(Signals.SIGUSR1)) != 0);
        ByteBuffer info = ByteBuffer.wrap(guest.task().dequeue(0).encode()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Signals.SIGUSR1, info.getInt(0));
        assertEquals(Siginfo.SI_TIMER, info.getInt(8));
        assertEquals(id, info.getInt(16));
        assertEquals(0, info.getInt(20));
        assertEquals(0x1234_5678_9abcL, info.getLong(24));
    }

    @Test
    void expiry_sigevNone_sendsNothing() throws InterruptedException {
        int id = create(Clocks.CLOCK_MONOTONIC, sigevent(0, 0, TimerSyscalls.SIGEV_NONE, 0));
        assertEquals(0, sys("timer_settime", id, 0, itimerspec(0, MS), 0));
        long cur = guest.alloc(2 * Timespec.SIZE);
        await(() -> {
            sys("timer_gettime", id, cur);
            return readItimerspec(cur)[1].equals(new Timespec(0, 0));
        });
        assertEquals(0, guest.task().pending());
    }

    @Test
    void expiry_threadIdAbsoluteInThePast_queuesOnThatThread() throws InterruptedException {
        guest.process().setAction(Signals.SIGUSR2, new KernelSigaction(0x401000, 0, 0, 0));
        // Blocked, so that the return from timer_settime does not deliver it at once.
        guest.task().setSignalMask(Signals.maskBit(Signals.SIGUSR2));
        int id = create(Clocks.CLOCK_BOOTTIME,
                sigevent(5, Signals.SIGUSR2, TimerSyscalls.SIGEV_THREAD_ID, guest.task().tid()));
        assertEquals(0, sys("timer_settime", id, Clocks.TIMER_ABSTIME, itimerspec(0, 1), 0));
        await(() -> (guest.task().pending() & Signals.maskBit(Signals.SIGUSR2)) != 0);
        assertEquals(Siginfo.timer(Signals.SIGUSR2, id, 0, 5), guest.task().dequeue(0));
    }

    @Test
    void create_sigevThread_isASignalToTheKernel() {
        create(Clocks.CLOCK_MONOTONIC, sigevent(0, Signals.SIGUSR1, TimerSyscalls.SIGEV_THREAD, 0));
    }

    @Test
    void create_badSigevent_EINVAL() {
        long idOut = guest.alloc(4);
        int clock = Clocks.CLOCK_MONOTONIC;
        assertEquals(err(Errno.EINVAL), sys("timer_create", clock, sigevent(0, Signals.SIGUSR1, 3, 0), idOut));
        assertEquals(err(Errno.EINVAL), sys("timer_create", clock, sigevent(0, 0, TimerSyscalls.SIGEV_SIGNAL, 0), idOut));
        assertEquals(err(Errno.EINVAL), sys("timer_create", clock, sigevent(0, 65, TimerSyscalls.SIGEV_SIGNAL, 0), idOut));
        assertEquals(err(Errno.EINVAL), sys("timer_create", clock,
                sigevent(0, Signals.SIGUSR1, TimerSyscalls.SIGEV_THREAD_ID, 99_999), idOut));
        assertEquals(err(Errno.EFAULT), sys("timer_create", clock, 8, idOut));
    }

    @Test
    void create_cpuTimeClocks() {
        create(Clocks.CLOCK_PROCESS_CPUTIME_ID, 0);
        create(Clocks.CLOCK_THREAD_CPUTIME_ID, 0);
        create(Clocks.processCpuClock(guest.process().pid(), Clocks.CPUCLOCK_PROF), 0);
        long idOut = guest.alloc(4);
        assertEquals(err(Errno.EINVAL), sys("timer_create", Clocks.processCpuClock(99_999, 2), 0, idOut));
        assertEquals(err(Errno.EINVAL), sys("timer_create", Clocks.threadCpuClock(guest.task().tid(), 3), 0, idOut));
        assertEquals(err(Errno.EINVAL), sys("timer_create", (~3 << 3) | Clocks.CLOCKFD, 0, idOut));
        assertEquals(err(Errno.EINVAL), sys("timer_create", 99, 0, idOut));
    }

    private long itimerval(long intervalMicros, long valueMicros) {
        byte[] b = new byte[2 * Timeval.SIZE];
        new Timeval(intervalMicros / 1_000_000, intervalMicros % 1_000_000).write(b, 0);
        new Timeval(valueMicros / 1_000_000, valueMicros % 1_000_000).write(b, Timeval.SIZE);
        return guest.put(b);
    }

    /** {value, interval} in nanoseconds of the struct itimerval at addr. */
    private long[] readItimerval(long addr) {
        byte[] b = guest.read(addr, 2 * Timeval.SIZE);
        Timeval interval = Timeval.read(b, 0);
        Timeval value = Timeval.read(b, Timeval.SIZE);
        return new long[] {value.sec() * 1000 * MS + value.usec() * 1000, interval.sec() * 1000 * MS + interval.usec() * 1000};
    }

    @Test
    void setitimer_badValuesOrWhich_EINVAL_badPointerFirst_EFAULT() {
        assertEquals(err(Errno.EINVAL), sys("setitimer", 3, itimerval(0, 1000), 0));
        assertEquals(err(Errno.EINVAL), sys("getitimer", -1, guest.alloc(2 * Timeval.SIZE)));
        byte[] bad = new byte[2 * Timeval.SIZE];
        new Timeval(0, 1_000_000).write(bad, Timeval.SIZE);
        assertEquals(err(Errno.EINVAL), sys("setitimer", Itimers.ITIMER_VIRTUAL, guest.put(bad), 0));
        new Timeval(-1, 0).write(bad, 0);
        new Timeval(0, 0).write(bad, Timeval.SIZE);
        assertEquals(err(Errno.EINVAL), sys("setitimer", Itimers.ITIMER_PROF, guest.put(bad), 0));
        assertEquals(err(Errno.EFAULT), sys("setitimer", 3, 8, 0));
    }

    @Test
    void cpuItimers_setGetOldValueAndKeptInterval() {
        long out = guest.alloc(2 * Timeval.SIZE);
        assertEquals(0, sys("setitimer", Itimers.ITIMER_PROF, itimerval(0, 2_000_000), out));
        assertEquals(0, readItimerval(out)[0]);
        assertEquals(0, sys("getitimer", Itimers.ITIMER_PROF, out));
        long[] now = readItimerval(out);
        // A jiffy is added to the value, as Linux's set_cpu_itimer does.
        assertTrue(now[0] > 1_900 * MS && now[0] <= 2_000 * MS + Clocks.TICK_NANOS, now[0] + "");
        assertEquals(0, sys("setitimer", Itimers.ITIMER_PROF, itimerval(0, 0), out));
        assertTrue(readItimerval(out)[0] > 1_900 * MS);
        assertEquals(0, sys("setitimer", Itimers.ITIMER_VIRTUAL, itimerval(1_000_000, 0), 0));
        assertEquals(0, sys("getitimer", Itimers.ITIMER_VIRTUAL, out));
        assertEquals(0, readItimerval(out)[0]);
        assertEquals(1_000 * MS, readItimerval(out)[1]);
        // A null new value disarms.
        assertEquals(0, sys("setitimer", Itimers.ITIMER_VIRTUAL, 0, out));
        assertEquals(1_000 * MS, readItimerval(out)[1]);
    }

    @Test
    void settime_badValues_EINVAL() {
        int id = create(Clocks.CLOCK_MONOTONIC, 0);
        assertEquals(err(Errno.EINVAL), sys("timer_settime", id, 0, 0, 0));
        byte[] bad = new byte[2 * Timespec.SIZE];
        new Timespec(0, 1_000_000_000L).write(bad, Timespec.SIZE);
        assertEquals(err(Errno.EINVAL), sys("timer_settime", id, 0, guest.put(bad), 0));
        new Timespec(-1, 0).write(bad, Timespec.SIZE);
        assertEquals(err(Errno.EINVAL), sys("timer_settime", id, 0, guest.put(bad), 0));
        assertEquals(err(Errno.EINVAL), sys("timer_settime", id + 1, 0, itimerspec(0, MS), 0));
        assertEquals(err(Errno.EINVAL), sys("timer_getoverrun", id + 1));
    }
}
