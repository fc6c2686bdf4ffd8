package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.cpu.AddressSpace;
import org.junit.jupiter.api.Test;

class PipeSyscallsTest extends HandlerTestBase {
    @Test
    void pipe2_whatIsWrittenIsRead() {
        long fds = guest.alloc(8);
        assertEquals(0, sys("pipe2", fds, 0));
        AddressSpace mem = guest.space();
        int readFd = mem.readInt(fds);
        int writeFd = mem.readInt(fds + 4);
        assertEquals(0, readFd);
        assertEquals(1, writeFd);
        assertEquals(5, sys("write", writeFd, guest.putString("hello"), 5));
        long buf = guest.alloc(16);
        assertEquals(5, sys("read", readFd, buf, 16));
        assertEquals("hello", string(buf, 5));
    }

    @Test
    void pipe2_cloexec_onBothEnds() {
        long fds = guest.alloc(8);
        sys("pipe2", fds, flags(Fcntl.O_CLOEXEC));
        assertEquals(Fcntl.FD_CLOEXEC, sys("fcntl", guest.space().readInt(fds), Fcntl.F_GETFD));
        assertEquals(Fcntl.FD_CLOEXEC, sys("fcntl", guest.space().readInt(fds + 4), Fcntl.F_GETFD));
    }

    @Test
    void pipe2_writeToTheReadEnd_fails() {
        long fds = guest.alloc(8);
        sys("pipe2", fds, 0);
        assertTrue(sys("write", guest.space().readInt(fds), guest.putString("x"), 1) < 0);
    }

    @Test
    void pipe2_unknownFlags_EINVAL() {
        assertEquals(err(Errno.EINVAL), sys("pipe2", guest.alloc(8), flags(Fcntl.O_APPEND)));
    }

    @Test
    void pipe2_badPointer_EFAULTAndNoDescriptorsLeft() {
        assertEquals(err(Errno.EFAULT), sys("pipe2", 0xdead_0000L, 0));
        assertTrue(guest.process().fds().openDescriptors().isEmpty());
    }

    @Test
    void read_emptyNonblockingPipe_EAGAIN() {
        long fds = guest.alloc(8);
        sys("pipe2", fds, flags(Fcntl.O_NONBLOCK));
        assertEquals(err(Errno.EAGAIN), sys("read", guest.space().readInt(fds), guest.alloc(8), 8));
    }
}
