package org.jail4j.linux;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.Os;

/**
 * A pseudo-terminal that is the controlling terminal of a host session (a {@code sleep} made
 * session leader by {@code setsid --ctty}): the "caller's terminal" a jailed process must not
 * type into. The jailed process gets the terminal as its stdin. Everything is closed on close.
 */
final class HostTerminal implements AutoCloseable {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);

    private final int master;
    private final String slave;
    private final Process owner;

    private HostTerminal(int master, String slave, Process owner) {
        this.master = master;
        this.slave = slave;
        this.owner = owner;
    }

    static HostTerminal open() {
        HostLibc c = HostLibc.libc();
        int master = c.posix_openpt(HostLibc.O_RDWR | HostLibc.O_NOCTTY | HostLibc.O_CLOEXEC);
        if (master == -1) {
            throw new IllegalStateException("posix_openpt: " + Errnos.name(Os.LINUX, HostLibc.errno()));
        }
        try {
            if (c.grantpt(master) == -1 || c.unlockpt(master) == -1) {
                throw new IllegalStateException("grantpt/unlockpt: " + Errnos.name(Os.LINUX, HostLibc.errno()));
            }
            String slave = c.ptsname(master);
            Process owner = new ProcessBuilder("setsid", "--ctty", "sleep", "3600")
                    .redirectInput(new File(slave)).redirectErrorStream(true).start();
            HostTerminal t = new HostTerminal(master, slave, owner);
            t.awaitOwnership();
            return t;
        } catch (IOException e) {
            c.close(master);
            throw new UncheckedIOException("starting the terminal's session leader", e);
        } catch (RuntimeException | Error e) {
            c.close(master);
            throw e;
        }
    }

    /** Waits until the leader's session holds the terminal (tty_nr in /proc/PID/stat). */
    private void awaitOwnership() {
        Instant deadline = Instant.now().plus(SESSION_TIMEOUT);
        while (controllingTty() == 0) {
            if (!owner.isAlive() || Instant.now().isAfter(deadline)) {
                owner.destroyForcibly();
                throw new IllegalStateException("setsid --ctty did not take " + slave + " as its terminal");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private int controllingTty() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(owner.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[4]);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the state of the terminal's session leader", e);
        }
    }

    /** The terminal's device, to give a jailed process as stdin. */
    File device() {
        return new File(slave);
    }

    @Override
    public void close() {
        owner.destroyForcibly();
        try {
            owner.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (HostLibc.libc().close(master) == -1) {
            throw new IllegalStateException("close(ptmx): " + Errnos.name(Os.LINUX, HostLibc.errno()));
        }
    }
}
