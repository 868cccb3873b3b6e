package org.jail4j.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jail4j.Jail;
import org.jail4j.ffi.linux.ExecPath;
import org.jail4j.ffi.linux.SpawnedProcess;
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
 * Group {@code exec}: run /bin/true in an existing jail and wait for it, four ways; baseline
 * {@code exec.plain}, an unisolated ProcessBuilder spawn. {@code fastpath} and {@code launcher}
 * go through the public API ({@code Jail.exec}) with {@value ExecPath#PROPERTY} choosing the
 * path; each benchmark runs in its own forked JVM, so the property is set once per trial. Every
 * variant uses pipes for stdio (ProcessBuilder's default) and closes them, so they pay the same
 * for descriptors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExecBench {
    private static final List<String> TRUE = List.of("/bin/true");

    private Jail jail;
    private List<String> nsenterCommand;

    @Setup(Level.Trial)
    public void createJail() throws IOException {
        jail = BenchJail.create("be");
        nsenterCommand = List.of("nsenter", "-a", "-t", Long.toString(BenchJail.keeperPid(jail)), "/bin/true");
    }

    @TearDown(Level.Trial)
    public void removeJail() {
        jail.close();
    }

    /** Pins the fast path for the trial, and proves it is the one taken. */
    @State(Scope.Benchmark)
    public static class FastPath {
        @Setup(Level.Trial)
        public void pin(ExecBench bench) throws Exception {
            pinPath(bench.jail, ExecPath.FASTPATH, true);
        }
    }

    /** Pins the launcher path for the trial, and proves it is the one taken. */
    @State(Scope.Benchmark)
    public static class LauncherPath {
        @Setup(Level.Trial)
        public void pin(ExecBench bench) throws Exception {
            pinPath(bench.jail, ExecPath.LAUNCHER, false);
        }
    }

    private static void pinPath(Jail jail, ExecPath path, boolean spawned) throws Exception {
        System.setProperty(ExecPath.PROPERTY, path.name().toLowerCase(Locale.ROOT));
        Process p = jail.exec(TRUE);
        finish(p);
        if (p instanceof SpawnedProcess != spawned) {
            throw new IllegalStateException(ExecPath.PROPERTY + "=" + path + " gave " + p);
        }
    }

    @Benchmark
    public int fastpath(FastPath pinned) throws Exception {
        return finish(jail.exec(TRUE));
    }

    @Benchmark
    public int launcher(LauncherPath pinned) throws Exception {
        return finish(jail.exec(TRUE));
    }

    @Benchmark
    public int nsenter() throws Exception {
        return finish(new ProcessBuilder(nsenterCommand).start());
    }

    @Benchmark
    public int plain() throws Exception {
        return finish(new ProcessBuilder(TRUE).start());
    }

    static int finish(Process p) throws Exception {
        int status = p.waitFor();
        p.getOutputStream().close();
        p.getInputStream().close();
        p.getErrorStream().close();
        if (status != 0) {
            throw new IllegalStateException(p + " exited " + status);
        }
        return status;
    }
}
