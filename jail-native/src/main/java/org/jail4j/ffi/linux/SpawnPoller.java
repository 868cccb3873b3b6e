package org.jail4j.ffi.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;

/**
 * One daemon thread for every spawned process of the JVM: it polls the control connections and
 * reads each end answer as it arrives, so a spawned process costs no thread of its own. A wakeup
 * pipe makes it pick up new connections. Non-API.
 */
final class SpawnPoller {
    private static final SpawnPoller INSTANCE = new SpawnPoller();

    private final LibcSpawn libc = LibcSpawn.libc();
    private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();
    private final int wakeRead;
    private final int wakeWrite;
    private Pointer pollfdArray;
    private int pollfdCapacity;

    /** A connection and what to do with its end: an exit value, or the failure to learn it. */
    private record Watch(SpawnClient client, Consumer<Integer> onExit, Consumer<RuntimeException> onFailure) {
    }

    private SpawnPoller() {
        int[] pipe = new int[2];
        NativeCall.check(libc.pipe2(pipe, LibcSpawn.O_CLOEXEC | LibcSpawn.O_NONBLOCK), "pipe2 spawn poller wakeup",
                SpawnLibs.RUNTIME, Os.LINUX);
        wakeRead = pipe[0];
        wakeWrite = pipe[1];
        Thread t = new Thread(this::run, "jail4j-spawn-poller");
        t.setDaemon(true);
        t.start();
    }

    static SpawnPoller instance() {
        return INSTANCE;
    }

    /** Watches {@code client} until its end answer; then closes it and calls one of the two consumers. */
    void watch(SpawnClient client, Consumer<Integer> onExit, Consumer<RuntimeException> onFailure) {
        watches.put(client.fd(), new Watch(client, onExit, onFailure));
        // EAGAIN means the pipe already holds a wakeup: the poller will look again either way.
        libc.write(wakeWrite, new byte[] {1}, 1);
    }

    private void run() {
        while (true) {
            List<Watch> current = new ArrayList<>(watches.values());
            Pointer fds = pollfds(current.size() + 1);
            pollfd(fds, 0, wakeRead);
            for (int i = 0; i < current.size(); i++) {
                pollfd(fds, i + 1, current.get(i).client().fd());
            }
            int n = libc.poll(fds, current.size() + 1L, -1);
            if (n < 0) {
                int errno = LastError.getLastError(SpawnLibs.RUNTIME);
                if (errno != LibcSpawn.EINTR) {
                    // Only a broken array (EFAULT, EINVAL) or ENOMEM gets here: fail the waiters rather than spin.
                    current.forEach(w -> fail(w, new NativeCallException("poll spawn connections", Os.LINUX, errno,
                            null)));
                }
                continue;
            }
            if (revents(fds, 0) != 0) {
                libc.read(wakeRead, new byte[64], 64);
            }
            for (int i = 0; i < current.size(); i++) {
                if (revents(fds, i + 1) != 0) {
                    finish(current.get(i));
                }
            }
        }
    }

    /** Reads the end answer (readable or hung up, either way it cannot block) and hands it on. */
    private void finish(Watch w) {
        watches.remove(w.client().fd());
        int exit;
        try {
            exit = w.client().awaitExit();
        } catch (RuntimeException e) {
            fail(w, e);
            return;
        }
        w.client().close();
        w.onExit().accept(exit);
    }

    private void fail(Watch w, RuntimeException e) {
        watches.remove(w.client().fd());
        w.client().close();
        w.onFailure().accept(e);
    }

    /** The pollfd array, kept between rounds (only this thread uses it) and grown as watches grow. */
    private Pointer pollfds(int count) {
        if (count > pollfdCapacity) {
            pollfdCapacity = Math.max(count, 2 * pollfdCapacity);
            pollfdArray = Memory.allocateDirect(SpawnLibs.RUNTIME, (long) LibcSpawn.POLLFD_SIZE * pollfdCapacity);
        }
        return pollfdArray;
    }

    private static void pollfd(Pointer fds, int i, int fd) {
        fds.putInt((long) LibcSpawn.POLLFD_SIZE * i, fd);
        fds.putShort((long) LibcSpawn.POLLFD_SIZE * i + 4, LibcSpawn.POLLIN);
        fds.putShort((long) LibcSpawn.POLLFD_SIZE * i + 6, (short) 0);
    }

    private static short revents(Pointer fds, int i) {
        return fds.getShort((long) LibcSpawn.POLLFD_SIZE * i + 6);
    }
}
