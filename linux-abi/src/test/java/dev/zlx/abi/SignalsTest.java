package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void name_standardAndRealtime() {
        assertEquals("SIGHUP", Signals.name(1));
        assertEquals("SIGKILL", Signals.name(9));
        assertEquals("SIGCHLD", Signals.name(17));
        assertEquals("SIGSYS", Signals.name(31));
        assertEquals("SIGRTMIN", Signals.name(32));
        assertEquals("SIGRT_1", Signals.name(33));
        assertEquals("SIGRT_32", Signals.name(64));
        assertNull(Signals.name(0));
        assertNull(Signals.name(65));
    }

    @Test
    void number_roundTripsEveryName() {
        for (int sig = 1; sig <= 64; sig++) {
            assertEquals(sig, Signals.number(Signals.name(sig)));
        }
        assertEquals(Signals.SIGABRT, Signals.number("SIGIOT"));
        assertEquals(Signals.SIGIO, Signals.number("SIGPOLL"));
        assertEquals(64, Signals.number("SIGRTMAX"));
        assertEquals(-1, Signals.number("SIGFOO"));
    }

    @Test
    void names_agreeWithTheConstants() {
        assertEquals(Signals.SIGSEGV, Signals.number("SIGSEGV"));
        assertEquals(Signals.SIGSTKFLT, Signals.number("SIGSTKFLT"));
        assertEquals(Signals.SIGPWR, Signals.number("SIGPWR"));
        assertEquals(Signals.SIGWINCH, Signals.number("SIGWINCH"));
    }
}
