package dev.zlx.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A switch between two guest threads of one process: testbins' futex_pingpong hands a token
 * back and forth ROUND_TRIPS times through one futex word (a store, FUTEX_WAKE by the giver,
 * FUTEX_WAIT by the taker), so each hand-over moves the process's engine from one host thread
 * to the other. The score is per hand-over (two per round trip) and includes the start-up,
 * the pthread_create and the join, spread over the 2 × ROUND_TRIPS hand-overs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThreadSwitch extends GuestProgramBenchmark {
    static final int ROUND_TRIPS = 5_000;

    public ThreadSwitch() {
        super("futex_pingpong");
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUND_TRIPS)
    public void futexHandOver() {
        run(Integer.toString(ROUND_TRIPS));
    }
}
