package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** struct epoll_event against abi_facts.c: packed (12 bytes) on x86-64, aligned (16) on aarch64. */
class EpollTest {
    @ParameterizedTest
    @EnumSource(Arch.class)
    void epollEvent_layoutMatchesTheHeaders(Arch arch) {
        AbiFacts f = AbiFacts.of(arch);
        assertEquals(f.size("epoll_event"), Epoll.eventSize(arch));
        assertEquals(f.offset("epoll_event.events"), 0);
        assertEquals(f.offset("epoll_event.data"), Epoll.dataOffset(arch));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void epollEvent_roundTrip(Arch arch) {
        byte[] b = new byte[2 * Epoll.eventSize(arch)];
        java.util.Arrays.fill(b, (byte) 0x55);
        int second = Epoll.eventSize(arch);
        Epoll.writeEvent(arch, b, second, Epoll.EPOLLIN | Epoll.EPOLLET, 0x8877665544332211L);
        assertEquals(Epoll.EPOLLIN | Epoll.EPOLLET, Epoll.events(b, second));
        assertEquals(0x8877665544332211L, Epoll.data(arch, b, second));
        assertEquals(0x55, b[second - 1]);
        if (arch == Arch.AARCH64) {
            assertEquals(0, LittleEndian.getU32(b, second + 4), "padding zeroed");
        }
    }
}
