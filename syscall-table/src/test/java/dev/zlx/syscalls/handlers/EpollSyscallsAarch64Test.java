package dev.zlx.syscalls.handlers;

import dev.zlx.abi.Arch;

/** The epoll handler tests on aarch64, whose struct epoll_event is 16 bytes, not 12. */
class EpollSyscallsAarch64Test extends EpollSyscallsTest {
    @Override
    protected Arch arch() {
        return Arch.AARCH64;
    }
}
