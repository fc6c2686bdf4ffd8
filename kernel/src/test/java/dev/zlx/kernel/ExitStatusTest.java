package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExitStatusTest {
    @Test
    void exited_waitStatusHasTheCodeInTheSecondByte() {
        assertEquals(0x2a00, ExitStatus.exited(42).waitStatus());
        assertEquals(0, ExitStatus.exited(0).waitStatus());
    }

    @Test
    void exited_codeIsTruncatedToItsLowByte() {
        assertEquals(0x0100, ExitStatus.exited(257).waitStatus());
        assertEquals(255, ExitStatus.exited(-1).shellStatus());
    }

    @Test
    void killed_waitStatusIsTheSignal() {
        assertEquals(9, ExitStatus.killed(9, false).waitStatus());
    }

    @Test
    void killed_withCore_setsBit0x80() {
        assertEquals(0x80 | 11, ExitStatus.killed(11, true).waitStatus());
    }

    @Test
    void shellStatus_isCodeOr128PlusSignal() {
        assertEquals(42, ExitStatus.exited(42).shellStatus());
        assertEquals(137, ExitStatus.killed(9, false).shellStatus());
    }
}
