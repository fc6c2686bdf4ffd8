package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoadAverageTest {
    /** One busy task for a minute (12 samples) gives 1 - e^(-t/T): 0.63, 0.18 and 0.06 for T = 1, 5 and 15 minutes. */
    @Test
    void oneTaskForAMinute() {
        LoadAverage load = new LoadAverage();
        for (int i = 0; i < 12; i++) {
            load.sample(1);
        }
        long[] avg = load.averages();
        assertEquals("0.63", LoadAverage.format(avg[0]));
        assertEquals("0.18", LoadAverage.format(avg[1]));
        assertEquals("0.06", LoadAverage.format(avg[2]));
    }

    @Test
    void idleStaysZero() {
        LoadAverage load = new LoadAverage();
        load.sample(0);
        assertEquals("0.00", LoadAverage.format(load.averages()[0]));
    }
}
