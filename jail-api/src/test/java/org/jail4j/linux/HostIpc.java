package org.jail4j.linux;

import java.util.concurrent.ThreadLocalRandom;

import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.JailSys;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.Os;

/** A SysV IPC object made on the host with a known key, for a jail to look for; removed on close. */
final class HostIpc implements AutoCloseable {
    /** The three SysV IPC kinds: the probe that reaches one by key, and the jail parameter that governs it. */
    enum Kind {
        SHM("shm", JailParams.SYSVSHM),
        MSG("msg", JailParams.SYSVMSG),
        SEM("sem", JailParams.SYSVSEM);

        private final String probe;
        private final JailParam<JailSys> param;

        Kind(String probe, JailParam<JailSys> param) {
            this.probe = probe;
            this.param = param;
        }

        /** The jail4j-probe subcommand. */
        String probe() {
            return probe;
        }

        JailParam<JailSys> param() {
            return param;
        }

        private int create(int key) {
            int flags = HostLibc.IPC_CREAT | HostLibc.IPC_EXCL | 0600;
            return switch (this) {
                case SHM -> HostLibc.libc().shmget(key, 4096, flags);
                case MSG -> HostLibc.libc().msgget(key, flags);
                case SEM -> HostLibc.libc().semget(key, 1, flags);
            };
        }

        private int remove(int id) {
            return switch (this) {
                case SHM -> HostLibc.libc().shmctl(id, HostLibc.IPC_RMID, null);
                case MSG -> HostLibc.libc().msgctl(id, HostLibc.IPC_RMID, null);
                case SEM -> HostLibc.libc().semctl(id, 0, HostLibc.IPC_RMID);
            };
        }
    }

    private final Kind kind;
    private final int key;
    private final int id;
    private boolean removed;

    private HostIpc(Kind kind, int key, int id) {
        this.kind = kind;
        this.key = key;
        this.id = id;
    }

    /** A new object of {@code kind} under a random key that no other object holds. */
    static HostIpc create(Kind kind) {
        int key = 0x4a340000 | ThreadLocalRandom.current().nextInt(1, 0xffff);
        int id = kind.create(key);
        if (id == -1) {
            throw new IllegalStateException(kind + " get(0x" + Integer.toHexString(key) + ", IPC_CREAT|IPC_EXCL): "
                    + Errnos.name(Os.LINUX, HostLibc.errno()));
        }
        return new HostIpc(kind, key, id);
    }

    /** The key as the probe takes it. */
    String key() {
        return "0x" + Integer.toHexString(key);
    }

    @Override
    public void close() {
        if (removed) {
            return;
        }
        if (kind.remove(id) == -1) {
            throw new IllegalStateException(kind + " IPC_RMID of id " + id + ": "
                    + Errnos.name(Os.LINUX, HostLibc.errno()));
        }
        removed = true;
    }
}
