package org.jail4j.ffi.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jail4j.ffi.launcher.LauncherBinary;

/**
 * A keeper started directly through the native launcher, outside any engine, with a control
 * socket: for the tests and benchmarks that need a jail whose keeper pid and control socket they
 * know. It owns a root-only temporary directory holding the jail's root and the socket;
 * {@link #close()} ends the keeper with SIGTERM, waits for it and removes the directory. Non-API.
 */
public final class StandaloneKeeper implements AutoCloseable {
    private final Path dir;
    private final Path launcher;
    private final String namespaces;
    private final long pid;

    private StandaloneKeeper(Path dir, Path launcher, String namespaces, long pid) {
        this.dir = dir;
        this.launcher = launcher;
        this.namespaces = namespaces;
        this.pid = pid;
    }

    /** Makes the root a jail will have; called with the empty root directory before the keeper starts. */
    @FunctionalInterface
    public interface RootBuilder {
        void build(Path root) throws IOException;
    }

    /**
     * Starts a persistent keeper named {@code name} unsharing {@code namespaces} (comma list), on a
     * root that {@code root} fills, with {@code options} added to the launcher's keeper arguments.
     */
    public static StandaloneKeeper start(String name, String namespaces, RootBuilder root, List<String> options)
            throws IOException, InterruptedException {
        Path launcher = LauncherBinary.system().path();
        Path dir = Files.createTempDirectory("jail4j-keeper-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            Path rootDir = Files.createDirectory(dir.resolve("root"));
            root.build(rootDir);
            List<String> argv = new ArrayList<>(List.of(launcher.toString(), "keeper", "--name", name,
                    "--jid", Long.toString(4000 + ProcessHandle.current().pid() % 1000), "--root", rootDir.toString(),
                    "--ready-fd", "1", "--ns", namespaces, "--persist", "--control", control(dir).toString()));
            argv.addAll(options);
            Process parent = new ProcessBuilder(argv).redirectError(Redirect.INHERIT).start();
            String ready = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (!parent.waitFor(60, TimeUnit.SECONDS) || parent.exitValue() != 0 || ready == null
                    || !ready.startsWith("READY ")) {
                parent.destroyForcibly();
                throw new IllegalStateException("keeper " + name + " did not start: " + ready + ", exit "
                        + (parent.isAlive() ? "none" : Integer.toString(parent.exitValue())));
            }
            return new StandaloneKeeper(dir, launcher, namespaces, Long.parseLong(ready.substring(6).trim()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static Path control(Path dir) {
        return dir.resolve("control");
    }

    /** The control socket of the fast path. */
    public Path control() {
        return control(dir);
    }

    /** The keeper's pid on the host. */
    public long pid() {
        return pid;
    }

    /** The launcher's exec mode running {@code argv} in this jail with {@code PATH=path}, as a command line. */
    public List<String> execCommand(String path, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "exec", "--pid", Long.toString(pid),
                "--ns", namespaces, "--env", "PATH=" + path, "--"));
        cmd.addAll(argv);
        return cmd;
    }

    /** The keeper's resident memory in KiB (VmRSS of /proc/PID/status). */
    public long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no VmRSS line");
    }

    @Override
    public void close() throws IOException {
        try {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                h.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
