package dev.zlx.vfs.tty;

import static dev.zlx.abi.TermiosFlags.*;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.abi.Termios;
import dev.zlx.abi.Winsize;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.Fasync;
import dev.zlx.vfs.WaitQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A pseudo-terminal pair (drivers/tty/pty.c with n_tty): what the master writes goes through
 * the line discipline to the slave's readers, what the slave writes is output-processed and
 * queued for the master. Closing the master hangs the slave up (its reads end, writes fail
 * with EIO); once every slave descriptor is closed the master reads EIO. Guarded by its own
 * monitor, where readers and writers wait; the job-control state is {@link #control}.
 */
public final class Tty {
    /** What the slave may have written before the master reads (TTYB_DEFAULT_MEM_LIMIT). */
    static final int OUTPUT_SIZE = 65536;

    private final int index;
    private final ControllingTerminal control = new ControllingTerminal(this);
    private final LineDiscipline ldisc;
    /** Output-processed bytes from the slave (and echoes) for the master. */
    private final ByteRing output = new ByteRing(OUTPUT_SIZE);
    private final WaitQueue masterWait = new WaitQueue();
    private final WaitQueue slaveWait = new WaitQueue();
    /** Each side's signal-driven I/O subscribers (tty->fasync of the master and of the slave). */
    private final Fasync masterFasync = new Fasync();
    private final Fasync slaveFasync = new Fasync();
    private final Runnable onMasterClose;
    private Winsize winsize = new Winsize(0, 0, 0, 0);
    /** TIOCSPTLCK: slave opens fail with EIO while set; a new pty starts locked. */
    private boolean locked = true;
    private boolean masterOpen = true;
    private int slaveOpens;
    /** TTY_OTHER_CLOSED on the master: a slave was open and the last one closed. */
    private boolean slaveGone;
    /** The master closed: slave descriptors are hung up. */
    private boolean hungUp;
    /** Output stopped by VSTOP (IXON) or by tcflow(TCOOFF) (tty->flow.stopped, tco_stopped). */
    private boolean stopped;
    private boolean stoppedByTcflow;
    /** Echoes made while output was stopped, shown when it starts (n_tty's echo buffer). */
    private final java.io.ByteArrayOutputStream heldEchoes = new java.io.ByteArrayOutputStream();

    /** ISIG signals raised while the monitor was held, sent once it is released. */
    private final List<Integer> pendingSignals = new ArrayList<>();

    /** A new pty numbered index; onMasterClose runs when its master goes (devpts drops the node). */
    public Tty(int index, Runnable onMasterClose) {
        this.index = index;
        this.onMasterClose = onMasterClose;
        this.ldisc = new LineDiscipline(ptySlaveDefault(), new LineDiscipline.Sink() {
            @Override
            public void echo(byte[] bytes) {
                if (stopped) {
                    heldEchoes.writeBytes(bytes);
                } else {
                    queueOutput(bytes, 0, bytes.length);
                }
            }

            @Override
            public void flow(boolean start) {
                if (start) {
                    startOutput();
                } else {
                    stopped = true;
                }
            }

            @Override
            public boolean stoppedByInput() {
                return stopped && !stoppedByTcflow;
            }

            @Override
            public void signal(int sig, boolean flush) {
                if (flush) {
                    output.clear();
                }
                pendingSignals.add(sig);
            }
        });
    }

    /** The pty number (/dev/pts/N). */
    public int index() {
        return index;
    }

    ControllingTerminal control() {
        return control;
    }

    // ---- master side ----

    /** Reads what the slave wrote; EIO once the slave was closed and nothing is left. */
    synchronized int masterRead(ByteBuffer dst, boolean nonBlocking) {
        if (!dst.hasRemaining()) {
            return 0;
        }
        while (output.isEmpty()) {
            if (slaveGone) {
                throw Errno.EIO.exception();
            }
            if (nonBlocking) {
                throw Errno.EAGAIN.exception();
            }
            Interruption.await(this, 0);
        }
        int n = output.take(dst, Integer.MAX_VALUE);
        notifyAll();
        slaveWait.wake(Poll.POLLOUT | Poll.POLLWRNORM);
        slaveFasync.notify(Siginfo.POLL_OUT);
        return n;
    }

    /** Types src on the terminal: the line discipline takes it (waiting while its buffer is full). */
    int masterWrite(ByteBuffer src, boolean nonBlocking) {
        int total = 0;
        try {
            while (src.hasRemaining()) {
                synchronized (this) {
                    while (ldisc.full()) {
                        if (nonBlocking) {
                            if (total > 0) {
                                return total;
                            }
                            throw Errno.EAGAIN.exception();
                        }
                        Interruption.await(this, 0);
                    }
                    byte[] chunk = new byte[Math.min(src.remaining(), LineDiscipline.BUF_SIZE)];
                    src.get(src.position(), chunk);
                    int taken = ldisc.receive(chunk, 0, chunk.length);
                    src.position(src.position() + taken);
                    total += taken;
                    notifyAll();
                    slaveWait.wake(Poll.POLLIN | Poll.POLLRDNORM);
                    slaveFasync.notify(Siginfo.POLL_IN);
                }
                sendPendingSignals();
            }
        } catch (LinuxException e) {
            if (total > 0 && e.errno() == Errno.EINTR) {
                return total;
            }
            throw e;
        }
        return total;
    }

    private void sendPendingSignals() {
        List<Integer> signals;
        synchronized (this) {
            if (pendingSignals.isEmpty()) {
                return;
            }
            signals = List.copyOf(pendingSignals);
            pendingSignals.clear();
        }
        for (int sig : signals) {
            control.signalForeground(sig);
        }
    }

    /** pty master poll: readable with output, writable while the slave can take input, POLLHUP without slave. */
    synchronized int masterPoll(int events) {
        int ready = 0;
        if (!output.isEmpty()) {
            ready |= Poll.POLLIN | Poll.POLLRDNORM;
        }
        if (!ldisc.full()) {
            ready |= Poll.POLLOUT | Poll.POLLWRNORM;
        }
        if (slaveGone) {
            ready |= Poll.POLLHUP;
        }
        return ready & (events | Poll.POLLERR | Poll.POLLHUP);
    }

    /** Bytes the master can read (FIONREAD on the master). */
    synchronized int masterAvailable() {
        return output.size();
    }

    WaitQueue masterWaitQueue() {
        return masterWait;
    }

    Fasync masterFasync() {
        return masterFasync;
    }

    /** The master's last close: the slave is hung up and the session leader gets SIGHUP. */
    void masterClosed() {
        synchronized (this) {
            masterOpen = false;
            hungUp = true;
            notifyAll();
        }
        slaveWait.wake(0);
        onMasterClose.run();
        control.hangup();
    }

    synchronized boolean locked() {
        return locked;
    }

    /** TIOCSPTLCK (and unlockpt done by zlx for `-t`). */
    public synchronized void setLocked(boolean value) {
        locked = value;
    }

    // ---- slave side ----

    /** A slave open: EIO while locked or after the master closed; a session leader may take it. */
    void slaveOpened(boolean noControllingTty) {
        synchronized (this) {
            if (locked || !masterOpen) {
                throw Errno.EIO.exception();
            }
            slaveOpens++;
            slaveGone = false;
        }
        masterWait.wake(0);
        if (!noControllingTty) {
            control.acquireOnOpen(JobControl.current());
        }
    }

    void slaveClosed() {
        synchronized (this) {
            if (--slaveOpens == 0) {
                slaveGone = true;
                notifyAll();
            }
        }
        masterWait.wake(0);
    }

    synchronized boolean hungUp() {
        return hungUp;
    }

    /**
     * n_tty_read: a background reader is stopped first; canonical mode waits for a line, the
     * other modes follow VMIN and VTIME; a hung-up slave reads end of file.
     */
    int slaveRead(ByteBuffer dst, boolean nonBlocking) {
        if (hungUp()) {
            return 0;
        }
        control.checkAccess(Signals.SIGTTIN);
        int total = 0;
        try {
            synchronized (this) {
                total = readLocked(dst, nonBlocking);
                if (total > 0) {
                    notifyAll();
                    masterWait.wake(Poll.POLLOUT | Poll.POLLWRNORM);
                    masterFasync.notify(Siginfo.POLL_OUT);
                }
                return total;
            }
        } catch (LinuxException e) {
            if (e.errno() == Errno.EINTR && dst.position() > 0 && total > 0) {
                return total;
            }
            throw e;
        }
    }

    private int readLocked(ByteBuffer dst, boolean nonBlocking) {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (ldisc.canonical()) {
            while (!ldisc.lineReady()) {
                if (hungUp) {
                    return 0;
                }
                waitForInput(nonBlocking, 0);
            }
            return ldisc.readLine(dst);
        }
        Termios t = ldisc.termios();
        int min = t.cc()[VMIN] & 0xff;
        long time = (t.cc()[VTIME] & 0xff) * 100L;
        if (min == 0) {
            // Poll (TIME 0) or wait up to TIME for the first byte.
            long deadline = System.currentTimeMillis() + time;
            while (ldisc.available() == 0 && time > 0 && !hungUp) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                waitForInput(nonBlocking, left);
            }
            return ldisc.readRaw(dst);
        }
        int wanted = Math.min(min, dst.remaining());
        int total = 0;
        while (true) {
            total += ldisc.readRaw(dst);
            if (total >= wanted || !dst.hasRemaining() || hungUp) {
                return total;
            }
            if (total > 0 && time > 0) {
                // TIME is an inter-byte timer once the first byte came.
                long before = System.currentTimeMillis();
                waitForInput(nonBlocking, time);
                if (ldisc.available() == 0 && System.currentTimeMillis() - before >= time) {
                    return total;
                }
            } else {
                if (nonBlocking && total > 0) {
                    return total;
                }
                waitForInput(nonBlocking, 0);
            }
        }
    }

    private void waitForInput(boolean nonBlocking, long millis) {
        if (nonBlocking) {
            throw Errno.EAGAIN.exception();
        }
        Interruption.await(this, millis);
    }

    /** n_tty_write: a background writer with TOSTOP is stopped first; output is OPOST-processed. */
    int slaveWrite(ByteBuffer src, boolean nonBlocking) {
        if (hungUp()) {
            throw Errno.EIO.exception();
        }
        synchronized (this) {
            if ((ldisc.termios().lflag() & TOSTOP) == 0) {
                return writeLocked(src, nonBlocking);
            }
        }
        control.checkAccess(Signals.SIGTTOU);
        synchronized (this) {
            return writeLocked(src, nonBlocking);
        }
    }

    private int writeLocked(ByteBuffer src, boolean nonBlocking) {
        int total = 0;
        try {
            while (src.hasRemaining()) {
                if (hungUp) {
                    if (total > 0) {
                        return total;
                    }
                    throw Errno.EIO.exception();
                }
                // One input byte becomes at most two output bytes (ONLCR); stopped output takes none.
                if (output.free() < 2 || stopped) {
                    if (nonBlocking) {
                        if (total > 0) {
                            return total;
                        }
                        throw Errno.EAGAIN.exception();
                    }
                    Interruption.await(this, 0);
                    continue;
                }
                int n = Math.min(src.remaining(), output.free() / 2);
                byte[] in = new byte[n];
                src.get(in);
                byte[] out = ldisc.processOutput(in, 0, n);
                queueOutput(out, 0, out.length);
                total += n;
            }
        } catch (LinuxException e) {
            if (e.errno() == Errno.EINTR && total > 0) {
                return total;
            }
            throw e;
        }
        return total;
    }

    /** Appends to the master's queue (echoes that do not fit are lost, as n_tty drops them). */
    private void queueOutput(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len && output.free() > 0; i++) {
            output.put(bytes[i]);
        }
        notifyAll();
        masterWait.wake(Poll.POLLIN | Poll.POLLRDNORM);
        masterFasync.notify(Siginfo.POLL_IN);
    }

    /** start_tty: output flows again; held echoes are shown and waiting writers go on. */
    private void startOutput() {
        stopped = false;
        stoppedByTcflow = false;
        if (heldEchoes.size() > 0) {
            byte[] held = heldEchoes.toByteArray();
            heldEchoes.reset();
            queueOutput(held, 0, held.length);
        }
        notifyAll();
        slaveWait.wake(Poll.POLLOUT | Poll.POLLWRNORM);
    }

    /**
     * TCXONC (tcflow): TCOOFF stops output and TCOON restarts what TCOOFF stopped; TCIOFF and
     * TCION send the VSTOP and VSTART characters to the other end.
     */
    void flowControl(int action) {
        if (action < TCOOFF || action > TCION) {
            throw Errno.EINVAL.exception();
        }
        control.checkAccess(Signals.SIGTTOU);
        synchronized (this) {
            switch (action) {
                case TCOOFF -> {
                    stopped = true;
                    stoppedByTcflow = true;
                }
                case TCOON -> {
                    if (stoppedByTcflow) {
                        startOutput();
                    }
                }
                default -> {
                    byte c = ldisc.termios().cc()[action == TCIOFF ? VSTOP : VSTART];
                    if (c != 0) {
                        queueOutput(new byte[] {c}, 0, 1);
                    }
                }
            }
        }
    }

    /** n_tty_poll on the slave; a hung-up slave is ready for everything, with POLLHUP and POLLERR. */
    synchronized int slavePoll(int events) {
        if (hungUp) {
            return (Poll.POLLIN | Poll.POLLRDNORM | Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLERR | Poll.POLLHUP)
                    & (events | Poll.POLLERR | Poll.POLLHUP);
        }
        int ready = 0;
        boolean input;
        if (ldisc.canonical()) {
            input = ldisc.lineReady();
        } else {
            Termios t = ldisc.termios();
            int min = t.cc()[VMIN] & 0xff;
            int time = t.cc()[VTIME] & 0xff;
            input = ldisc.available() >= (time == 0 && min > 0 ? min : 1);
        }
        if (input) {
            ready |= Poll.POLLIN | Poll.POLLRDNORM;
        }
        // pty_write_room: no room while output is stopped.
        if (output.free() >= 2 && !stopped) {
            ready |= Poll.POLLOUT | Poll.POLLWRNORM;
        }
        return ready & (events | Poll.POLLERR | Poll.POLLHUP);
    }

    WaitQueue slaveWaitQueue() {
        return slaveWait;
    }

    Fasync slaveFasync() {
        return slaveFasync;
    }

    /** Bytes a slave read could take (FIONREAD on the slave). */
    synchronized int slaveAvailable() {
        return ldisc.available();
    }

    // ---- settings ----

    synchronized Termios termios() {
        return ldisc.termios();
    }

    /** TCSETS*: flushInput for TCSETSF; a background caller is stopped first (SIGTTOU). */
    void setTermios(Termios t, boolean flushInput) {
        control.checkAccess(Signals.SIGTTOU);
        synchronized (this) {
            if (flushInput) {
                ldisc.flush();
            }
            boolean hadIxon = (ldisc.termios().iflag() & IXON) != 0;
            ldisc.setTermios(t);
            // n_tty_set_termios: turning IXON off restarts output VSTOP stopped.
            if (hadIxon && (t.iflag() & IXON) == 0 && stopped && !stoppedByTcflow) {
                startOutput();
            }
            notifyAll();
        }
        slaveWait.wake(0);
    }

    /** TCFLSH: TCIFLUSH drops unread input, TCOFLUSH unread output (the master's queue). */
    void flush(int queue) {
        if (queue < TCIFLUSH || queue > TCIOFLUSH) {
            throw Errno.EINVAL.exception();
        }
        control.checkAccess(Signals.SIGTTOU);
        synchronized (this) {
            if (queue != TCOFLUSH) {
                ldisc.flush();
            }
            if (queue != TCIFLUSH) {
                output.clear();
            }
            notifyAll();
        }
        slaveWait.wake(0);
        masterWait.wake(0);
    }

    synchronized Winsize winsize() {
        return winsize;
    }

    /** TIOCSWINSZ (and the `-t` relay's forwarding): a change is told to the foreground group with SIGWINCH. */
    public void setWinsize(Winsize w) {
        synchronized (this) {
            if (w.equals(winsize)) {
                return;
            }
            winsize = w;
        }
        control.signalForeground(Signals.SIGWINCH);
    }

    /**
     * Makes this terminal the controlling terminal of the session sid with foreground group
     * pgid, as zlx does for the guest it runs with `-t` (what login does with TIOCSCTTY).
     */
    public void assignSession(int sid, int pgid, Sessions sessions) {
        control.assign(sid, pgid, sessions);
    }

    /** The session leader sid exited (disassociate_ctty(1)): its foreground group gets SIGHUP. */
    public void sessionLeaderExited(int sid) {
        control.disassociate(sid, true);
    }
}
