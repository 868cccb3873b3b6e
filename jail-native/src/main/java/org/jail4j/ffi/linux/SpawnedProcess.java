package org.jail4j.ffi.linux;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnr.ffi.LastError;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.Os;

/**
 * A {@link Process} forked by a jail's keeper on request (the fast path, PROTOCOL.md {@code spawn})
 * rather than by the JVM. It behaves as a JDK process: pipes or redirects for stdio, the exit
 * status or 128+S after signal S, {@code destroy} as SIGTERM and {@code destroyForcibly} as
 * SIGKILL. The end is learnt by the one {@link SpawnPoller} thread shared by all of them. Non-API.
 */
public final class SpawnedProcess extends Process {
    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;

    private final SpawnClient client;
    private final SpawnClient.Started started;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private SpawnedProcess(SpawnClient client, SpawnClient.Started started, Streams streams) {
        this.client = client;
        this.started = started;
        this.stdin = streams.stdin;
        this.stdout = streams.stdout;
        this.stderr = streams.stderr;
    }

    /**
     * Asks the keeper listening on {@code control} to run {@code request}, with stdio as the
     * redirects say ({@link Redirect#PIPE}, {@link Redirect#INHERIT}, {@link Redirect#DISCARD} or a
     * file), as {@link ProcessBuilder#start()} would.
     *
     * @throws IOException when a redirect's file cannot be opened
     * @throws org.jail4j.ffi.NativeCallException when the socket fails or the keeper answers {@code error}
     */
    public static SpawnedProcess start(Path control, SpawnRequest request, Redirect in, Redirect out, Redirect err,
                                       boolean redirectErrorStream) throws IOException {
        LibcSpawn libc = LibcSpawn.libc();
        List<Integer> childOwned = new ArrayList<>(3);
        Streams streams = new Streams();
        SpawnClient client = null;
        boolean ok = false;
        try {
            int childIn = stdinEnd(libc, in, childOwned, streams);
            int childOut = outputEnd(libc, out, 1, childOwned, streams);
            int childErr = redirectErrorStream ? childOut : outputEnd(libc, err, 2, childOwned, streams);
            if (redirectErrorStream) {
                streams.stderr = InputStream.nullInputStream();
            }
            client = SpawnClient.connect(control);
            SpawnClient.Started started = client.start(request, childIn, childOut, childErr);
            SpawnedProcess p = new SpawnedProcess(client, started, streams);
            SpawnPoller.instance().watch(client, p::exited, p::lost);
            ok = true;
            return p;
        } finally {
            childOwned.forEach(libc::close);
            if (!ok) {
                streams.closeQuietly();
                if (client != null) {
                    client.close();
                }
            }
        }
    }

    private static int stdinEnd(LibcSpawn libc, Redirect r, List<Integer> childOwned, Streams streams)
            throws IOException {
        switch (r.type()) {
            case PIPE: {
                int[] p = pipe(libc);
                childOwned.add(p[0]);
                streams.stdin = new BufferedOutputStream(reopenForWriting(libc, p[1]));
                return p[0];
            }
            case INHERIT:
                streams.stdin = OutputStream.nullOutputStream();
                return 0;
            case READ: {
                int fd = openFile(libc, r, LibcSpawn.O_RDONLY);
                childOwned.add(fd);
                streams.stdin = OutputStream.nullOutputStream();
                return fd;
            }
            default:
                throw new IllegalArgumentException("stdin cannot be redirected to " + r);
        }
    }

    private static int outputEnd(LibcSpawn libc, Redirect r, int inherited, List<Integer> childOwned,
                                 Streams streams) throws IOException {
        int fd;
        switch (r.type()) {
            case PIPE: {
                int[] p = pipe(libc);
                childOwned.add(p[1]);
                streams.set(inherited, new ExitDrainedInputStream(reopenForReading(libc, p[0])));
                return p[1];
            }
            case INHERIT:
                fd = inherited;
                break;
            case WRITE:
                fd = openFile(libc, r, LibcSpawn.O_WRONLY | LibcSpawn.O_CREAT | LibcSpawn.O_TRUNC);
                childOwned.add(fd);
                break;
            case APPEND:
                fd = openFile(libc, r, LibcSpawn.O_WRONLY | LibcSpawn.O_CREAT | LibcSpawn.O_APPEND);
                childOwned.add(fd);
                break;
            default:
                throw new IllegalArgumentException((inherited == 1 ? "stdout" : "stderr") + " cannot read from " + r);
        }
        streams.set(inherited, InputStream.nullInputStream());
        return fd;
    }

    private static int[] pipe(LibcSpawn libc) {
        int[] p = new int[2];
        NativeCall.check(libc.pipe2(p, LibcSpawn.O_CLOEXEC), "pipe2", SpawnLibs.RUNTIME, Os.LINUX);
        return p;
    }

    /**
     * The JDK can only make a stream from a path, so the parent's end of a pipe is reopened through
     * /proc/self/fd (the same pipe, a new open file) and the original descriptor closed at once.
     */
    private static FileInputStream reopenForReading(LibcSpawn libc, int fd) throws IOException {
        try {
            return new FileInputStream("/proc/self/fd/" + fd);
        } finally {
            libc.close(fd);
        }
    }

    private static FileOutputStream reopenForWriting(LibcSpawn libc, int fd) throws IOException {
        try {
            return new FileOutputStream("/proc/self/fd/" + fd);
        } finally {
            libc.close(fd);
        }
    }

    private static int openFile(LibcSpawn libc, Redirect r, int flags) throws IOException {
        int fd = libc.open(r.file().getPath(), flags | LibcSpawn.O_CLOEXEC, 0666);
        if (fd < 0) {
            int errno = LastError.getLastError(SpawnLibs.RUNTIME);
            throw new IOException(r.file() + ": " + Errnos.name(Os.LINUX, errno));
        }
        return fd;
    }

    private void exited(int value) {
        exit.complete(value);
        // As the JDK does: once the process has ended, its pipes are read out so nothing holds them.
        ForkJoinPool.commonPool().execute(() -> {
            closeQuietly(stdin);
            drain(stdout);
            drain(stderr);
        });
    }

    private void lost(RuntimeException e) {
        exit.completeExceptionally(e);
    }

    private static void drain(InputStream in) {
        if (in instanceof ExitDrainedInputStream) {
            ((ExitDrainedInputStream) in).processExited();
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process " + started.hostPid() + " has not exited");
        }
        return exit.join();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void destroy() {
        client.kill(SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        client.kill(SIGKILL);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    /** The pid on the host (the keeper's pid namespace numbers it differently: {@link #jailPid()}). */
    @Override
    public long pid() {
        return started.hostPid();
    }

    /** The pid inside the jail's pid namespace. */
    public int jailPid() {
        return started.jailPid();
    }

    /** Completes on the common pool, never on the poller thread, so a slow dependent holds up no other process. */
    @Override
    public CompletableFuture<Process> onExit() {
        return exit.handleAsync((v, e) -> this, ForkJoinPool.commonPool());
    }

    /** The host's handle on the process; the process is the keeper's child, not the JVM's. */
    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(started.hostPid()).orElseThrow(() -> new UnsupportedOperationException(
                "process " + started.hostPid() + " has ended: no handle"));
    }

    @Override
    public String toString() {
        return "SpawnedProcess[pid=" + started.hostPid() + ", jailPid=" + started.jailPid() + ", exitValue="
                + (exit.isDone() && !exit.isCompletedExceptionally() ? exit.join() : "\"not exited\"") + "]";
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                : new UncheckedIOException(new IOException(e.getCause()));
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closing our end of a pipe after the process ended: nothing is lost and nobody can act on it.
        }
    }

    /** The parent's ends while they are being made, so a failure half-way closes what exists. */
    private static final class Streams {
        OutputStream stdin;
        InputStream stdout;
        InputStream stderr;

        void set(int fd, InputStream in) {
            if (fd == 1) {
                stdout = in;
            } else {
                stderr = in;
            }
        }

        void closeQuietly() {
            for (Closeable c : new Closeable[] {stdin, stdout, stderr}) {
                if (c != null) {
                    SpawnedProcess.closeQuietly(c);
                }
            }
        }
    }

    /**
     * stdout/stderr as the JDK gives them: buffered, and once the process has ended whatever is
     * still in the pipe is read into memory and the descriptor closed.
     */
    private static final class ExitDrainedInputStream extends BufferedInputStream {
        ExitDrainedInputStream(FileInputStream in) {
            super(in);
        }

        synchronized void processExited() {
            InputStream pipe = in;
            if (!(pipe instanceof FileInputStream)) {
                return;
            }
            try {
                // Not readNBytes: JDK 17's FileInputStream.readNBytes seeks, and a pipe answers ESPIPE.
                byte[] rest = new byte[pipe.available()];
                int got = 0;
                for (int n = 0; got < rest.length && n >= 0; got += Math.max(n, 0)) {
                    n = pipe.read(rest, got, rest.length - got);
                }
                in = new ByteArrayInputStream(rest, 0, got);
            } catch (IOException e) {
                // Only a concurrent close() by the reader gets here ("Stream Closed"): it wants nothing more.
                in = InputStream.nullInputStream();
            }
            SpawnedProcess.closeQuietly(pipe);
        }
    }
}
