package org.jail4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jail4j.Jail;
import org.jail4j.JailHost;
import org.jail4j.JailSpec;
import org.jail4j.World;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Group {@code lifecycle}: a throw-away sandbox for one command. {@code jail4j} creates a jail
 * through the public API, runs /bin/true in it and removes it; baseline {@code bwrap} runs
 * /bin/true under bubblewrap with every namespace unshared and the host's system directories
 * bound read-only (only where bwrap is installed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LifecycleBench {
    static final List<String> BWRAP = List.of("bwrap", "--unshare-all", "--ro-bind", "/usr", "/usr",
            "--ro-bind", "/bin", "/bin", "--ro-bind", "/lib", "/lib", "--ro-bind", "/lib64", "/lib64",
            "--proc", "/proc", "--dev", "/dev", "/bin/true");
    private static final AtomicLong SERIAL = new AtomicLong();

    /** A name no other run of this JVM uses. */
    static String uniqueName(String prefix) {
        return prefix + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet();
    }

    static JailSpec spec(String prefix) {
        return JailSpec.builder(uniqueName(prefix)).world(World.thin()).persist(true).build();
    }

    @Benchmark
    public int jail4j() throws Exception {
        try (Jail jail = JailHost.local().create(spec("bl"))) {
            return ExecBench.finish(jail.exec(List.of("/bin/true")));
        }
    }

    @Benchmark
    public int bwrap() throws Exception {
        return ExecBench.finish(new ProcessBuilder(BWRAP).start());
    }
}
