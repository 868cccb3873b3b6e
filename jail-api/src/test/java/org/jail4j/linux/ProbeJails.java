package org.jail4j.linux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailSpec;
import org.jail4j.World;

/**
 * Jails for the isolation tests: a tiny world (busybox, its applet links, {@code /etc/passwd} and
 * the escape probe {@code jail4j-probe}) under a test's temporary directory, with a marker file
 * beside it, outside the jail, that no probe may read.
 */
final class ProbeJails {
    /** Where the jail-api test build puts the probe (src/test/c/probe). */
    static final Path PROBE_BINARY = Path.of("target", "probe", "jail4j-probe").toAbsolutePath();
    static final String PROBE = "/bin/jail4j-probe";
    /** Debian's busybox-static. */
    static final Path BUSYBOX = Path.of("/bin/busybox");
    /** Long enough for any probe; reached only when one hangs. */
    private static final long PROBE_TIMEOUT_SECONDS = 60;
    private static final List<String> APPLETS = List.of("sh", "ps", "ls", "cat", "sleep", "hostname", "mount", "id");

    private final JailFixture fixture;
    private final Path root;
    private final Path marker;

    /** Builds the world in {@code dir}/root and the marker in {@code dir}/marker; {@code fixture} removes the jails. */
    ProbeJails(Path dir, JailFixture fixture) {
        this.fixture = fixture;
        try {
            this.root = buildWorld(dir.resolve("root"));
            this.marker = Files.writeString(dir.resolve("marker"), "outside the jail\n");
        } catch (IOException e) {
            throw new UncheckedIOException("building the probe world in " + dir, e);
        }
    }

    private static Path buildWorld(Path root) throws IOException {
        assertTrue(Files.isExecutable(PROBE_BINARY), PROBE_BINARY + " missing: the jail-api test build makes it");
        assertTrue(Files.isExecutable(BUSYBOX), BUSYBOX + " missing: install busybox-static");
        for (String d : List.of("bin", "etc", "tmp", "proc", "dev", "mnt", "root")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(BUSYBOX, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(PROBE_BINARY, root.resolve("bin/jail4j-probe"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "wheel:x:0:root\n");
        return root;
    }

    /** The jail's root on the host. */
    Path root() {
        return root;
    }

    /** A file on the host, outside the jail. */
    Path marker() {
        return marker;
    }

    /** A persistent jail on this world (the fixture's unique name), with the test's parameters on top. */
    Jail create(Consumer<JailSpec.Builder> params) {
        return fixture.create(spec -> {
            spec.path(root).world(World.existing());
            params.accept(spec);
        });
    }

    /** Creates a jail, runs one probe in it, removes the jail; returns the probe's line. */
    String probe(Consumer<JailSpec.Builder> params, String... probe) {
        try (Jail jail = create(params)) {
            return probe(jail, probe);
        }
    }

    /** A jail with the default parameters, one probe. */
    String probe(String... probe) {
        return probe(spec -> { }, probe);
    }

    /** Runs the probe in {@code jail}; returns its one line. */
    static String probe(Jail jail, String... probe) {
        return probe(jail, ExecSpec.builder(command(probe)));
    }

    static List<String> command(String... probe) {
        List<String> command = new ArrayList<>();
        command.add(PROBE);
        command.addAll(List.of(probe));
        return command;
    }

    /** Runs the probe on the host itself, outside any jail: what this kernel allows root at all. */
    static String onHost(String... probe) {
        List<String> command = new ArrayList<>(command(probe));
        command.set(0, PROBE_BINARY.toString());
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), UTF_8).strip();
            assertTrue(p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS), () -> command + " still running");
            assertEquals(0, p.exitValue(), () -> command + " failed on the host");
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + command, e);
        }
    }

    /** Runs a prepared probe command; asserts it ran cleanly and printed exactly one line. */
    static String probe(Jail jail, ExecSpec.Builder exec) {
        String out = run(jail, exec);
        String[] lines = out.split("\n", -1);
        assertEquals(2, lines.length, () -> "one line from the probe, got: " + out);
        return lines[0];
    }

    /** Runs a command in {@code jail}; asserts exit status 0; returns its standard output. */
    static String run(Jail jail, ExecSpec.Builder exec) {
        Process p = jail.exec(exec.build());
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("still running after " + PROBE_TIMEOUT_SECONDS + "s: " + exec.build().command());
            }
            String stderr = err.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), () -> exec.build().command() + " failed: " + stderr);
            return out.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + exec.build().command(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("reading the output of " + exec.build().command(), e);
        } finally {
            p.destroyForcibly();
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
