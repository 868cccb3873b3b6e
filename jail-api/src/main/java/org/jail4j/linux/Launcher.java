package org.jail4j.linux;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jail4j.JailException;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the native launcher (jail-native's PROTOCOL.md) through {@link ProcessBuilder}: the JVM
 * is multithreaded and can never join a mount namespace itself, so every process that enters a
 * jail, the keeper included, is the launcher's.
 */
final class Launcher {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    /** The launcher's own failure status (LAUNCH_EXIT_SETUP). */
    static final int EXIT_SETUP = 125;
    /** How long a keeper may take to report readiness. */
    private static final long READY_TIMEOUT_SECONDS = 30;

    private final Path binary;

    Launcher(Path binary) {
        this.binary = binary;
    }

    Path binary() {
        return binary;
    }

    /**
     * Starts a keeper command line (built with {@code --ready-fd 1}), its output appended to
     * {@code logFile}, and waits for its readiness line. Returns the keeper's host pid. A file,
     * not a pipe: the launcher's first process exits once the keeper is ready, and nothing is
     * left to read from.
     */
    long startKeeper(List<String> cmd, Path logFile, String label) {
        log.debug("keeper start jail={} args={}", label, cmd);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new JailException("keeper", label, null, "ENOEXEC", "cannot start " + binary + ": " + e.getMessage(),
                    e);
        }
        int status = waitFor(p, label);
        List<String> lines = readLines(logFile);
        for (String l : lines) {
            if (status == 0 && l.startsWith("READY ")) {
                return Long.parseLong(l.substring(6).strip());
            }
        }
        throw failure(label, status, lines);
    }

    private static int waitFor(Process p, String label) {
        try {
            if (!p.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new JailException("keeper", label, null, "ETIMEDOUT",
                        "no readiness within " + READY_TIMEOUT_SECONDS + " s", null);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new JailException("keeper", label, null, "EINTR", "interrupted while the keeper started", e);
        }
    }

    /** The launcher's own report of a failed step: {@code ERROR <step> <errno> <detail>}, else its stderr line. */
    static JailException failure(String label, int status, List<String> lines) {
        for (String l : lines) {
            if (l.startsWith("ERROR ")) {
                String[] f = l.split(" ", 4);
                int errno = f.length > 2 ? parseInt(f[2]) : 0;
                String step = f.length > 1 ? f[1] : "?";
                String detail = f.length > 3 ? f[3] : "";
                return JailException.of("keeper", label, null, errno == 0 ? null : Errnos.name(Os.LINUX, errno),
                        step + (detail.isEmpty() ? "" : ": " + detail), null);
            }
        }
        String said = lines.stream().filter(l -> l.startsWith("jail4j-launcher:")).findFirst()
                .orElse(lines.isEmpty() ? "no output" : lines.get(lines.size() - 1));
        return new JailException("keeper", label, null, null, "launcher exited with status " + status + ": " + said,
                null);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> readLines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the keeper's output " + f, e);
        }
    }

    /** Starts an {@code exec} command line with the redirects of an ExecSpec. */
    Process exec(List<String> cmd, ProcessBuilder.Redirect in, ProcessBuilder.Redirect out,
                 ProcessBuilder.Redirect err, boolean mergeErr, String label) {
        log.debug("exec jail={} args={}", label, cmd);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in).redirectOutput(out).redirectError(err)
                .redirectErrorStream(mergeErr);
        Map<String, String> env = pb.environment();
        env.clear();
        try {
            return pb.start();
        } catch (IOException e) {
            throw new JailException("exec", label, null, "ENOEXEC", "cannot start " + binary + ": " + e.getMessage(),
                    e);
        }
    }
}
