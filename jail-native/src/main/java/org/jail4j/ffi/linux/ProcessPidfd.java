package org.jail4j.ffi.linux;

import java.util.Optional;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;

/**
 * A pidfd held on one process, so that whether it has ended is one zero-timeout poll rather than
 * a read of {@code /proc/PID/stat}: a pidfd stays bound to its process, never to a reused pid,
 * and polls readable once the process has exited (a zombie has ended). Thread-safe. Non-API.
 */
public final class ProcessPidfd implements AutoCloseable {
    private static final int ESRCH = 3;

    private final LibcSpawn libc = LibcSpawn.libc();
    private final int fd;
    /** One pollfd, kept with the descriptor: the check allocates nothing. */
    private final Pointer pollfd = Memory.allocateDirect(SpawnLibs.RUNTIME, LibcSpawn.POLLFD_SIZE, true);
    private boolean closed;

    private ProcessPidfd(int fd) {
        this.fd = fd;
        pollfd.putInt(0, fd);
        pollfd.putShort(4, LibcSpawn.POLLIN);
    }

    /** A pidfd on {@code pid}, or empty when no such process exists (ESRCH). */
    public static Optional<ProcessPidfd> open(long pid) {
        int fd = LinuxLibs.pidfdOpen((int) pid);
        if (fd < 0) {
            int errno = LastError.getLastError(LinuxLibs.runtime());
            if (errno == ESRCH) {
                return Optional.empty();
            }
            throw new NativeCallException("pidfd_open " + pid, Os.LINUX, errno, null);
        }
        return Optional.of(new ProcessPidfd(fd));
    }

    /**
     * Whether the process has exited. A closed pidfd answers true: it is closed only once its
     * process is known to have ended or to be of no more interest.
     */
    public synchronized boolean ended() {
        if (closed) {
            return true;
        }
        pollfd.putShort(6, (short) 0);
        int n;
        do {
            n = libc.poll(pollfd, 1, 0);
        } while (n < 0 && LastError.getLastError(SpawnLibs.RUNTIME) == LibcSpawn.EINTR);
        NativeCall.check(n, "poll pidfd", SpawnLibs.RUNTIME, Os.LINUX);
        return n > 0;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
