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
 * A real keeper started through the native launcher, rooted in a tiny busybox world (Debian's
 * busybox-static copied into a temporary directory, with links for the commands the tests use),
 * serving spawn requests on a control socket. {@link #close()} ends it with SIGTERM and removes
 * the world, also after a failed test.
 */
final class BusyboxKeeper implements AutoCloseable {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final String NAMESPACES = "mnt,pid,uts,ipc";
    private static final List<String> APPLETS = List.of("sh", "cat", "true", "sleep", "echo", "kill");

    private final Path dir;
    private final Path launcher;
    private final long pid;

    private BusyboxKeeper(Path dir, Path launcher, long pid) {
        this.dir = dir;
        this.launcher = launcher;
        this.pid = pid;
    }

    /** Whether this host can run one: Linux, root, busybox-static installed. Empty when it can, else why not. */
    static String unavailableBecause() {
        if (!org.jail4j.ffi.Os.isLinux()) {
            return "keepers are Linux namespaces";
        }
        if (LinuxLibs.libc().geteuid() != 0) {
            return "a keeper needs root (unshare, pivot_root)";
        }
        if (!Files.isExecutable(BUSYBOX)) {
            return "the busybox world needs " + BUSYBOX + " (Debian busybox-static)";
        }
        return "";
    }

    static BusyboxKeeper start(String name) throws IOException, InterruptedException {
        Path launcher = LauncherBinary.system().path();
        Path dir = Files.createTempDirectory("keeper-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            Path root = dir.resolve("root");
            Files.createDirectories(root.resolve("bin"));
            Files.copy(BUSYBOX, root.resolve("bin/busybox"));
            for (String applet : APPLETS) {
                Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
            }
            List<String> argv = new ArrayList<>(List.of(launcher.toString(), "keeper", "--name", name,
                    "--jid", Long.toString(4000 + ProcessHandle.current().pid() % 1000), "--root", root.toString(),
                    "--ready-fd", "1", "--ns", NAMESPACES, "--persist", "--control", control(dir).toString()));
            Process parent = new ProcessBuilder(argv).redirectError(Redirect.INHERIT).start();
            String ready = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (!parent.waitFor(60, TimeUnit.SECONDS) || parent.exitValue() != 0 || ready == null
                    || !ready.startsWith("READY ")) {
                parent.destroyForcibly();
                throw new IllegalStateException("keeper did not start: " + ready + ", exit "
                        + (parent.isAlive() ? "none" : parent.exitValue()));
            }
            return new BusyboxKeeper(dir, launcher, Long.parseLong(ready.substring(6).trim()));
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

    /** The launcher's exec mode for {@code argv} in this jail, as a command line for ProcessBuilder. */
    List<String> execCommand(List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "exec", "--pid", Long.toString(pid),
                "--ns", NAMESPACES, "--env", "PATH=/bin", "--"));
        cmd.addAll(argv);
        return cmd;
    }

    @Override
    public void close() throws Exception {
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
