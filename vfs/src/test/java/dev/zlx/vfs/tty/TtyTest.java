package dev.zlx.vfs.tty;

import static dev.zlx.abi.TermiosFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Poll;
import dev.zlx.abi.Signals;
import dev.zlx.abi.Termios;
import dev.zlx.abi.Winsize;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pty pair driven from zlx's own threads (no job control applies to them). */
class TtyTest {
    private final List<String> sent = new ArrayList<>();
    private boolean closedNode;
    private final Tty tty = new Tty(0, () -> closedNode = true);

    private final Sessions sessions = new Sessions() {
        @Override
        public void signalGroup(int pgid, int sig) {
            sent.add("group " + pgid + " " + Signals.name(sig));
        }

        @Override
        public int sessionOfGroup(int pgid) {
            return 7;
        }

        @Override
        public void signalSessionLeader(int sid, int sig) {
            sent.add("leader " + sid + " " + Signals.name(sig));
        }

        @Override
        public void clearControllingTty(int sid, Tty t) {
            sent.add("clear " + sid);
        }
    };

    private void masterWrites(String s) {
        tty.masterWrite(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)), false);
    }

    private String slaveReads(boolean nonBlocking) {
        ByteBuffer dst = ByteBuffer.allocate(64);
        int n = tty.slaveRead(dst, nonBlocking);
        return new String(dst.array(), 0, n, StandardCharsets.ISO_8859_1);
    }

    private String masterReads() {
        ByteBuffer dst = ByteBuffer.allocate(256);
        int n = tty.masterRead(dst, true);
        return new String(dst.array(), 0, n, StandardCharsets.ISO_8859_1);
    }

    private void raw(int min, int time) {
        Termios t = ptySlaveDefault();
        byte[] cc = t.cc();
        cc[VMIN] = (byte) min;
        cc[VTIME] = (byte) time;
        tty.setTermios(new Termios(0, 0, t.cflag(), 0, 0, cc), false);
    }

    @Test
    void slaveOpen_failsWithEioWhileLocked() {
        LinuxException e = assertThrows(LinuxException.class, () -> tty.slaveOpened(true));
        assertEquals(Errno.EIO, e.errno());
        tty.setLocked(false);
        tty.slaveOpened(true);
    }

    @Test
    void canonical_slaveReadsLines_masterReadsEchoAndProcessedOutput() {
        tty.setLocked(false);
        tty.slaveOpened(true);
        masterWrites("ls\r");
        assertEquals("ls\n", slaveReads(true));
        tty.slaveWrite(ByteBuffer.wrap("a\nb\n".getBytes(StandardCharsets.ISO_8859_1)), false);
        assertEquals("ls\r\na\r\nb\r\n", masterReads());
        assertThrows(LinuxException.class, () -> slaveReads(true));
    }

    @Test
    void raw_minZeroTimeZero_returnsAtOnce_minZeroTime_waitsThatLong() {
        tty.setLocked(false);
        tty.slaveOpened(true);
        raw(0, 0);
        assertEquals("", slaveReads(false));
        raw(0, 2);
        long t0 = System.nanoTime();
        assertEquals("", slaveReads(false));
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMillis >= 150, "waited " + tookMillis + " ms");
        masterWrites("q");
        assertEquals("q", slaveReads(false));
    }

    @Test
    void raw_min_waitsForThatManyBytes() throws Exception {
        tty.setLocked(false);
        tty.slaveOpened(true);
        raw(3, 0);
        masterWrites("ab");
        assertEquals(0, tty.slavePoll(Poll.POLLIN));
        Thread typist = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            masterWrites("cd");
        });
        String got = slaveReads(false);
        assertTrue(got.length() >= 3 && "abcd".startsWith(got), got);
        typist.join();
    }

    @Test
    void raw_minAndTime_timeIsAnInterByteTimerAfterTheFirstByte() {
        tty.setLocked(false);
        tty.slaveOpened(true);
        raw(5, 1);
        masterWrites("xy");
        assertEquals("xy", slaveReads(false));
    }

    @Test
    void interrupt_signalsTheForegroundGroupOfTheSession() {
        tty.assignSession(7, 9, sessions);
        masterWrites("\003");
        assertEquals(List.of("group 9 SIGINT"), sent);
        assertEquals("^C", masterReads());
    }

    @Test
    void windowSize_changeSendsSigwinch_sameSizeDoesNot() {
        tty.assignSession(7, 9, sessions);
        tty.setWinsize(new Winsize(24, 80, 0, 0));
        tty.setWinsize(new Winsize(24, 80, 0, 0));
        assertEquals(List.of("group 9 SIGWINCH"), sent);
        assertEquals(new Winsize(24, 80, 0, 0), tty.winsize());
    }

    @Test
    void slaveClosed_masterReadsWhatIsLeftThenEio_andPollsHangup() {
        tty.setLocked(false);
        tty.slaveOpened(true);
        tty.slaveWrite(ByteBuffer.wrap(new byte[] {'z'}), false);
        tty.slaveClosed();
        assertTrue((tty.masterPoll(Poll.POLLIN) & Poll.POLLHUP) != 0);
        assertEquals("z", masterReads());
        LinuxException e = assertThrows(LinuxException.class, this::masterReads);
        assertEquals(Errno.EIO, e.errno());
    }

    @Test
    void masterClosed_hangsUpTheSlave_andSignalsTheSessionLeader() {
        tty.setLocked(false);
        tty.slaveOpened(true);
        tty.assignSession(7, 9, sessions);
        tty.masterClosed();
        assertTrue(closedNode);
        assertEquals("", slaveReads(false));
        LinuxException e = assertThrows(LinuxException.class,
                () -> tty.slaveWrite(ByteBuffer.wrap(new byte[] {'z'}), false));
        assertEquals(Errno.EIO, e.errno());
        assertEquals(List.of("clear 7", "leader 7 SIGHUP", "leader 7 SIGCONT"), sent);
        assertTrue((tty.slavePoll(Poll.POLLIN) & Poll.POLLHUP) != 0);
    }

    @Test
    void sessionLeaderExit_hangsUpTheForegroundGroupAndFreesTheTerminal() {
        tty.assignSession(7, 9, sessions);
        tty.sessionLeaderExited(7);
        assertEquals(List.of("group 9 SIGHUP", "clear 7"), sent);
        assertEquals(0, tty.control().session());
    }
}
