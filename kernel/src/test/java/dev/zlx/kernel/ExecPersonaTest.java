package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Personality;
import dev.zlx.abi.StatMode;
import org.junit.jupiter.api.Test;

/** The persona a program runs with after execve: inherited, less the bits Linux clears. */
class ExecPersonaTest {
    private static final int PLAIN = StatMode.S_IFREG | 0755;
    /** PER_BSD: a persona Linux stores like any other. */
    private static final int PER_BSD = 0x0006;

    @Test
    void plainFile_keepsFlags_clearsReadImpliesExec() {
        int persona = PER_BSD | Personality.ADDR_NO_RANDOMIZE | Personality.READ_IMPLIES_EXEC;
        assertEquals(PER_BSD | Personality.ADDR_NO_RANDOMIZE, Exec.personaAfterExec(persona, PLAIN));
    }

    @Test
    void setuidFile_clearsPerClearOnSetid() {
        int persona = Personality.ADDR_NO_RANDOMIZE | Personality.MMAP_PAGE_ZERO | Personality.SHORT_INODE;
        assertEquals(Personality.SHORT_INODE, Exec.personaAfterExec(persona, PLAIN | StatMode.S_ISUID));
    }

    /** Set-group-ID counts only with group execute (without it the bit means mandatory locking). */
    @Test
    void setgidFile_onlyWithGroupExecute() {
        int persona = Personality.ADDR_NO_RANDOMIZE;
        assertEquals(0, Exec.personaAfterExec(persona, PLAIN | StatMode.S_ISGID));
        assertEquals(persona, Exec.personaAfterExec(persona, StatMode.S_IFREG | 0745 | StatMode.S_ISGID));
    }
}
