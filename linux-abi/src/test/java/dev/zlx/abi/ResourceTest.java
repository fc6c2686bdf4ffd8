package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ResourceTest {
    @Test
    void names_matchTheConstants() throws ReflectiveOperationException {
        for (int r = 0; r < Resource.RLIM_NLIMITS; r++) {
            String name = Resource.name(r);
            assertEquals(r, Resource.class.getField(name).getInt(null), name);
            assertEquals(r, Resource.number(name));
        }
        assertNull(Resource.name(Resource.RLIM_NLIMITS));
        assertEquals(-1, Resource.number("RLIMIT_FOO"));
    }
}
