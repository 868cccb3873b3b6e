package org.jail4j.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A process on the host, outside every jail, for the probes to look for: {@code sleep} with an
 * argument no other process has, so it can be told apart in a process listing. Killed on close.
 */
final class HostProcess implements AutoCloseable {
    private final Process process;
    private final String argument;

    private HostProcess(Process process, String argument) {
        this.process = process;
        this.argument = argument;
    }

    /** A sleeper whose working directory is {@code dir}. */
    static HostProcess start(Path dir) {
        String argument = Long.toString(900_000_000L + ThreadLocalRandom.current().nextLong(99_999_999L));
        try {
            return new HostProcess(new ProcessBuilder("sleep", argument).directory(dir.toFile())
                    .redirectErrorStream(true).start(), argument);
        } catch (IOException e) {
            throw new UncheckedIOException("starting a host process", e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The sleep argument: in a listing, it names this process and no other. */
    String argument() {
        return argument;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("host process " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
