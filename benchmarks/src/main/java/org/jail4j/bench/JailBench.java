package org.jail4j.bench;

import java.util.concurrent.TimeUnit;
import org.jail4j.Jail;
import org.jail4j.JailHost;
import org.jail4j.Prison;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Group {@code jail}: {@code create_remove} makes and removes a persistent jail with no process
 * (baseline {@code lifecycle.bwrap}: the cheapest whole sandbox from outside, namespaces up
 * and down); {@code get_all} reads every parameter of an existing jail, jail_get's equivalent
 * (baseline {@code exec.plain}: a state read should cost far less than spawning one process).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JailBench {
    private Jail existing;

    @Setup(Level.Trial)
    public void createExisting() {
        existing = JailHost.local().create(LifecycleBench.spec("bg"));
    }

    @TearDown(Level.Trial)
    public void removeExisting() {
        existing.close();
    }

    @Benchmark
    public int create_remove() {
        try (Jail jail = JailHost.local().create(LifecycleBench.spec("bc"))) {
            return jail.jid();
        }
    }

    @Benchmark
    public Prison get_all() {
        return existing.prison();
    }
}
