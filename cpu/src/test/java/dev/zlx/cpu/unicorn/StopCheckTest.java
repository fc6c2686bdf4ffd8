package dev.zlx.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both forms of the stop hook (the host machine code on x86-64 hosts, the Java upcall
 * elsewhere) end a run from another thread at a block start: a loop that stores a counter and
 * then increments a register is stopped many times and never repeats or loses its store.
 */
class StopCheckTest {
    private static final long CODE = 0x400000;
    private static final long DATA = 0x600000;

    @ParameterizedTest(name = "native allowed: {0}")
    @ValueSource(booleans = {true, false})
    void stopsFromAnotherThread_areExact(boolean allowNative) throws Exception {
        try (Uc uc = new Uc(UcConst.UC_ARCH_X86, UcConst.UC_MODE_64); Arena arena = Arena.ofConfined()) {
            MemorySegment code = arena.allocate(4096, 4096);
            MemorySegment data = arena.allocate(4096, 4096);
            // 0: inc qword [DATA]; 8: inc rax; 11: jmp 0
            byte[] loop = HexFormat.of().parseHex("48ff042500006000" + "48ffc0" + "ebf3");
            MemorySegment.copy(loop, 0, code, ValueLayout.JAVA_BYTE, 0, loop.length);
            uc.memMapPtr(CODE, 4096, 5, code);
            uc.memMapPtr(DATA, 4096, 3, data);
            StopCheck stop = StopCheck.install(uc, allowNative);
            uc.regWrite(UcConst.UC_X86_REG_RIP, CODE);
            int stops = 0;
            for (int i = 0; i < 300; i++) {
                Thread stopper = Thread.ofPlatform().start(() -> {
                    LockSupport.parkNanos(100_000);
                    stop.request();
                });
                assertEquals(UcConst.UC_ERR_OK, uc.emuStart(uc.regRead(UcConst.UC_X86_REG_RIP)));
                stopper.join();
                stop.clear();
                stops++;
                long pc = uc.regRead(UcConst.UC_X86_REG_RIP);
                assertEquals(CODE, pc, "stopped at a block start");
                assertEquals(data.get(ValueLayout.JAVA_LONG, 0), uc.regRead(UcConst.UC_X86_REG_RAX),
                        "the store and the register count the same iterations");
            }
            assertTrue(uc.regRead(UcConst.UC_X86_REG_RAX) > 0);
            assertEquals(300, stops);
        }
    }
}
