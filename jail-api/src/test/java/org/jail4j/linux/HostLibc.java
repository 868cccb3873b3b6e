package org.jail4j.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The libc calls the isolation tests need for their host-side fixtures (SysV IPC objects with a
 * known key, a pseudo-terminal), C names on purpose. Loaded on first use.
 */
public interface HostLibc {
    int IPC_PRIVATE = 0;
    int IPC_CREAT = 01000;
    int IPC_EXCL = 02000;
    int IPC_RMID = 0;
    int O_RDWR = 02;
    int O_NOCTTY = 0400;
    int O_CLOEXEC = 02000000;

    int shmget(int key, long size, int shmflg);

    int shmctl(int shmid, int cmd, Pointer buf);

    int msgget(int key, int msgflg);

    int msgctl(int msqid, int cmd, Pointer buf);

    int semget(int key, int nsems, int semflg);

    /** Variadic in C; IPC_RMID reads no fourth argument. */
    int semctl(int semid, int semnum, int cmd);

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    String ptsname(int fd);

    int close(int fd);

    static HostLibc libc() {
        return Holder.LIBC;
    }

    static int errno() {
        return Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    /** Loads libc once, on first use. */
    final class Holder {
        static final HostLibc LIBC = LibraryLoader.create(HostLibc.class).failImmediately()
                .load(Platform.getNativePlatform().getStandardCLibraryName());

        private Holder() {
        }
    }
}
