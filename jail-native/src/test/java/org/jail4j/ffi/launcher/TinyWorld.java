package org.jail4j.ffi.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.linux.LinuxLibs;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension: for each test, a jail root made of Debian's static busybox (as /bin/busybox plus
 * links) and an /etc/passwd with root and nobody, in a fresh directory, and the keepers started on it.
 * After the test it kills every keeper it started, checks that none is left, and removes the directory.
 * Tests are skipped unless they run as root on Linux with busybox-static installed.
 */
final class TinyWorld implements BeforeEachCallback, AfterEachCallback {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> APPLETS = List.of("sh", "hostname", "ps", "ls", "cat", "mount", "id",
            "sleep", "true", "false", "echo", "ip", "pwd", "env", "kill", "grep", "readlink", "touch", "stat", "arping",
            "ping", "unshare", "mknod", "dmesg", "date", "tr", "wc");

    private static Path extracted;

    Path dir;
    Path root;
    Path launcher;
    private final List<Long> keepers = new ArrayList<>();

    /** The launcher, extracted once per JVM into a cache of the build's own. */
    private static synchronized Path extractedLauncher() {
        if (extracted == null) {
            extracted = LauncherBinary.in(Path.of(System.getProperty("java.io.tmpdir"), "jail4j-test-launcher")).path();
        }
        return extracted;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        assumeTrue(Os.isLinux(), "keepers need Linux namespaces");
        assumeTrue(LinuxLibs.libc().geteuid() == 0, "making namespaces and mounts needs root");
        assumeTrue(Files.isExecutable(BUSYBOX), "the test world is Debian's busybox-static at /bin/busybox");
        launcher = extractedLauncher();
        dir = Files.createTempDirectory("tinyworld");
        root = Files.createDirectory(dir.resolve("world"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home/nobody:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nusers:x:100:nobody\nnogroup:x:65534:\n");
        Files.createDirectories(root.resolve("home/nobody"));
        Files.createDirectories(root.resolve("root"));
    }

    /** A keeper with the world as root and stdout as its ready fd; returns its host pid once it is ready. */
    long startKeeper(String name, UnaryOperator<LauncherArgs.Keeper> options) throws Exception {
        List<String> cmd = options.apply(LauncherArgs.keeper(launcher).name(name).jid(1).root(root).readyFd(1))
                .build();
        Result r = run(cmd, "");
        assertEquals(0, r.status, () -> "keeper failed: " + r);
        String[] ready = r.out.strip().split(" ");
        assertEquals("READY", ready[0], () -> "keeper answer: " + r);
        long pid = Long.parseLong(ready[1]);
        keepers.add(pid);
        return pid;
    }

    LauncherArgs.Exec exec(long keeper) {
        return LauncherArgs.exec(launcher).pid((int) keeper);
    }

    static Result run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(stdin.getBytes(UTF_8));
        p.getOutputStream().close();
        InputStream err = p.getErrorStream();
        CompletableFuture<String> errText = CompletableFuture.supplyAsync(() -> readAll(err));
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> "launcher did not end: " + cmd);
        return new Result(p.exitValue(), out, errText.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLauncher(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith(LauncherBinary.FILE_NAME)).orElse(false);
    }

    /**
     * Waits until {@code pid} has ended. A keeper is reparented to the host's init, which may take a
     * while to reap it: a zombie counts as ended.
     */
    static boolean awaitGone(long pid) throws InterruptedException {
        CompletableFuture<ProcessHandle> reaped = ProcessHandle.of(pid).map(ProcessHandle::onExit)
                .orElse(CompletableFuture.completedFuture(null));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                reaped.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not reaped yet: it may be a zombie already, which /proc tells
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    /** Running: present in /proc and not a zombie. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone from /proc
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (dir == null) {
            return; // skipped before anything was made
        }
        for (long pid : keepers) {
            // only a keeper: once it has ended by itself, the pid may belong to someone else
            ProcessHandle.of(pid).filter(TinyWorld::isLauncher).ifPresent(ProcessHandle::destroyForcibly);
        }
        try {
            for (long pid : keepers) {
                assertTrue(awaitGone(pid), "keeper " + pid + " still running");
            }
        } finally {
            // every mount was the keepers' own: only plain files and directories are left here
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    record Result(int status, String out, String err) {
    }
}
