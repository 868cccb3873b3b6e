package org.jail4j.ffi.linux;

import java.util.ArrayList;
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
 * One daemon thread for every spawned process of the JVM: it waits on the control connections
 * (one epoll set) and reads each end answer as it arrives, so a spawned process costs no thread
 * of its own. The spawning thread adds its connection to the set itself, which epoll allows while
 * the poller waits, so a spawn does not wake the poller. Non-API.
 */
final class SpawnPoller {
    private static final SpawnPoller INSTANCE = new SpawnPoller();
    /** Ends handled per epoll_wait; more ready at once are returned by the next call. */
    private static final int BATCH = 64;

    private final LibcSpawn libc = LibcSpawn.libc();
    private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();
    private final int epfd;

    /** A connection and what to do with its end: an exit value, or the failure to learn it. */
    private record Watch(SpawnClient client, Consumer<Integer> onExit, Consumer<RuntimeException> onFailure) {
    }

    private SpawnPoller() {
        epfd = NativeCall.check(libc.epoll_create1(LibcSpawn.EPOLL_CLOEXEC), "epoll_create1 spawn poller",
                SpawnLibs.RUNTIME, Os.LINUX);
        Thread t = new Thread(this::run, "jail4j-spawn-poller");
        t.setDaemon(true);
        t.start();
    }

    static SpawnPoller instance() {
        return INSTANCE;
    }

    /**
     * Watches {@code client} until its end answer; then closes it and calls one of the two consumers.
     *
     * @throws NativeCallException when the connection cannot be added to the set (then it is not watched)
     */
    void watch(SpawnClient client, Consumer<Integer> onExit, Consumer<RuntimeException> onFailure) {
        int fd = client.fd();
        watches.put(fd, new Watch(client, onExit, onFailure));
        Pointer event = Memory.allocateDirect(SpawnLibs.RUNTIME, LibcSpawn.EPOLL_EVENT_SIZE, true);
        event.putInt(0, LibcSpawn.EPOLLIN);
        event.putLong(4, fd);
        if (libc.epoll_ctl(epfd, LibcSpawn.EPOLL_CTL_ADD, fd, event) < 0) {
            int errno = LastError.getLastError(SpawnLibs.RUNTIME);
            watches.remove(fd);
            throw new NativeCallException("epoll_ctl add spawn connection", Os.LINUX, errno, null);
        }
    }

    private void run() {
        Pointer events = Memory.allocateDirect(SpawnLibs.RUNTIME, (long) LibcSpawn.EPOLL_EVENT_SIZE * BATCH);
        while (true) {
            int n = libc.epoll_wait(epfd, events, BATCH, -1);
            if (n < 0) {
                int errno = LastError.getLastError(SpawnLibs.RUNTIME);
                if (errno != LibcSpawn.EINTR) {
                    // Only a broken set or buffer (EBADF, EFAULT, EINVAL) gets here: fail the waiters rather than spin.
                    new ArrayList<>(watches.values()).forEach(w -> fail(w, new NativeCallException(
                            "epoll_wait spawn connections", Os.LINUX, errno, null)));
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                // Ready: readable or hung up.
                Watch w = watches.get((int) events.getLong((long) LibcSpawn.EPOLL_EVENT_SIZE * i + 4));
                if (w != null) {
                    finish(w);
                }
            }
        }
    }

    /** Reads the end answer (readable or hung up, either way it cannot block) and hands it on. */
    private void finish(Watch w) {
        unwatch(w);
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
        unwatch(w);
        w.client().close();
        w.onFailure().accept(e);
    }

    /**
     * Takes the connection out of the set before it is closed: a child forked meanwhile may hold
     * the socket open until its exec, which would keep the registration, under a number a new
     * connection may get.
     */
    private void unwatch(Watch w) {
        if (watches.remove(w.client().fd(), w)) {
            // EBADF, ENOENT: already out of the set; nothing then reports on it.
            libc.epoll_ctl(epfd, LibcSpawn.EPOLL_CTL_DEL, w.client().fd(), null);
        }
    }
}
