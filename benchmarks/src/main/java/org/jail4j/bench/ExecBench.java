package org.jail4j.bench;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jail4j.ffi.linux.SpawnRequest;
import org.jail4j.ffi.linux.SpawnedProcess;
import org.jail4j.ffi.linux.StandaloneKeeper;
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
 * {@code exec.plain}, an unisolated ProcessBuilder spawn. Every variant uses pipes for stdio
 * (ProcessBuilder's default) and closes them, so they pay the same for descriptors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExecBench {
    private static final List<String> TRUE = List.of("/bin/true");

    private StandaloneKeeper keeper;
    private SpawnRequest request;
    private List<String> launcherCommand;
    private List<String> nsenterCommand;

    @Setup(Level.Trial)
    public void startKeeper() throws Exception {
        keeper = BenchJail.start("bench-exec");
        request = SpawnRequest.asRoot(TRUE, Map.of("PATH", BenchJail.PATH));
        launcherCommand = keeper.execCommand(BenchJail.PATH, TRUE);
        nsenterCommand = List.of("nsenter", "-a", "-t", Long.toString(keeper.pid()), "/bin/true");
    }

    @TearDown(Level.Trial)
    public void stopKeeper() throws IOException {
        keeper.close();
    }

    @Benchmark
    public int fastpath() throws Exception {
        return finish(SpawnedProcess.start(keeper.control(), request, Redirect.PIPE, Redirect.PIPE, Redirect.PIPE,
                false));
    }

    @Benchmark
    public int launcher() throws Exception {
        return finish(new ProcessBuilder(launcherCommand).start());
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
