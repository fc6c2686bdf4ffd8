package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReapedTimesTest {
    @TempDir
    Path root;
    private GuestFixture guest;
    private Process parent;

    @BeforeEach
    void setUp() {
        guest = GuestFixture.create(root, Arch.X86_64);
        parent = guest.process();
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    private Process deadChild(Process of, int pid, long user, long cpu) {
        Process c = new Process(guest.kernel(), pid, of.pid(), Signals.SIGCHLD, new FdTable(), of.fs(), new Rlimits(),
                of.credentials());
        guest.kernel().tree().adopt(of, c);
        c.addCpuTime(user, cpu);
        c.setExitStatus(ExitStatus.exited(0));
        c.markDead();
        return c;
    }

    @Test
    void of_noChildrenReaped_isZero() {
        assertEquals(new ReapedTimes.Times(0, 0), ReapedTimes.of(parent));
    }

    @Test
    void waitFor_addsTheChildsTimeAndItsReapedChildrens() {
        Process child = deadChild(parent, 900, 30, 50);
        Process grandchild = deadChild(child, 901, 5, 7);
        ProcessTree.Selector any = new ProcessTree.Selector(ProcessTree.Selector.Kind.ANY, 0);
        guest.kernel().tree().waitFor(child, any, ProcessTree.WEXITED);
        assertEquals(new ReapedTimes.Times(5, 7), ReapedTimes.of(child));
        guest.kernel().tree().waitFor(parent, any, ProcessTree.WEXITED);
        assertEquals(new ReapedTimes.Times(35, 57), ReapedTimes.of(parent));
        assertEquals(grandchild.userNanos(), 5);
    }

    @Test
    void waitFor_wnowait_doesNotCount() {
        deadChild(parent, 902, 30, 50);
        ProcessTree.Selector any = new ProcessTree.Selector(ProcessTree.Selector.Kind.ANY, 0);
        guest.kernel().tree().waitFor(parent, any, ProcessTree.WEXITED | ProcessTree.WNOWAIT);
        assertEquals(new ReapedTimes.Times(0, 0), ReapedTimes.of(parent));
    }
}
