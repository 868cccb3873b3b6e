package org.jail4j.bench;

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
 * An existing jail for the exec benchmarks: a keeper started by the native launcher with the
 * host's /usr, /bin, /lib, /lib64 and /etc bound read-only into an empty root and a control socket
 * for the fast path. The public API does not name a jail's keeper or control socket, so the
 * exec group drives the launcher directly, with the same binary the Linux engine runs.
 */
final class BenchKeeper implements AutoCloseable {
    static final String NAMESPACES = "mnt,pid,uts,ipc,net";
    /** /etc too: without its ld.so.cache every dynamic command probes ~30 library paths, which plain spawns do not. */
    private static final List<String> HOST_DIRS = List.of("usr", "bin", "lib", "lib64", "etc");

    private final Path dir;
    private final Path launcher;
    private final long pid;

    private BenchKeeper(Path dir, Path launcher, long pid) {
        this.dir = dir;
        this.launcher = launcher;
        this.pid = pid;
    }

    static BenchKeeper start(String name) throws IOException, InterruptedException {
        Path launcher = LauncherBinary.system().path();
        Path dir = Files.createTempDirectory("jail4j-bench-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            Path root = Files.createDirectory(dir.resolve("root"));
            List<String> argv = new ArrayList<>(List.of(launcher.toString(), "keeper", "--name", name,
                    "--jid", Long.toString(5000 + ProcessHandle.current().pid() % 1000), "--root", root.toString(),
                    "--ready-fd", "1", "--ns", NAMESPACES, "--persist", "--control", control(dir).toString()));
            for (String d : HOST_DIRS) {
                if (Files.isDirectory(Path.of("/", d))) {
                    argv.addAll(List.of("--bind", "/" + d + ":/" + d + ":ro"));
                }
            }
            Process parent = new ProcessBuilder(argv).redirectError(Redirect.INHERIT).start();
            String ready = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (!parent.waitFor(60, TimeUnit.SECONDS) || parent.exitValue() != 0 || ready == null
                    || !ready.startsWith("READY ")) {
                parent.destroyForcibly();
                throw new IllegalStateException("keeper " + name + " did not start: " + ready);
            }
            return new BenchKeeper(dir, launcher, Long.parseLong(ready.substring(6).trim()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static Path control(Path dir) {
        return dir.resolve("control");
    }

    Path control() {
        return control(dir);
    }

    long pid() {
        return pid;
    }

    Path launcher() {
        return launcher;
    }

    /** VmRSS of the keeper in KiB, from /proc/PID/status. */
    long rssKib() throws IOException {
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
