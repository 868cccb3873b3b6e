package org.jail4j.linux;

import java.util.List;
import java.util.Optional;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import org.jail4j.JailException;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.linux.LibcSpawn;
import org.jail4j.ffi.linux.LinuxLibs;

/**
 * Finding and stopping a jail's keeper. The keeper is pid 1 of the jail's pid namespace, so
 * ending it ends every process in the jail. It is never this JVM's child (the launcher's first
 * process exits once the keeper is ready), so its end is seen through a pidfd, not by waitpid.
 */
final class KeeperProcess {
    static final int SIGTERM = 15;
    static final int SIGKILL = 9;
    /** How long a keeper gets to end its jail after SIGTERM, and again after SIGKILL. */
    private static final long STOP_MILLIS = 10_000;

    private KeeperProcess() {
    }

    /** The keeper of the jail a ledger entry names: the recorded process, or the one whose arguments name it. */
    static List<ProcessIdentity> find(JailRecord r, String jid, String name, String root) {
        if (r != null && r.keeper() != null) {
            return r.keeper().alive() ? List.of(r.keeper()) : List.of();
        }
        return ProcessIdentity.matching(args -> isKeeper(args, jid, name, root));
    }

    /** Whether an argument vector is the launcher's keeper mode for this jail. */
    static boolean isKeeper(List<String> args, String jid, String name, String root) {
        return args.size() > 1 && args.get(0).contains("jail4j-launcher") && args.get(1).equals("keeper")
                && option(args, "--jid").filter(jid::equals).isPresent()
                && option(args, "--name").filter(name::equals).isPresent()
                && option(args, "--root").filter(root::equals).isPresent();
    }

    static Optional<String> option(List<String> args, String opt) {
        for (int i = 2; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--")) {
                break;
            }
            if (args.get(i).equals(opt)) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * SIGTERM, then SIGKILL if the jail has not ended in time; returns once the keeper is gone.
     * Signalled and awaited through one pidfd, so that a pid reused since it was checked is never
     * hit, and its end is seen the moment it comes (a pidfd polls readable once the process has
     * exited, a zombie included: the host's init may be slow to reap it).
     */
    static void stop(ProcessIdentity keeper, String label) {
        int fd;
        try {
            fd = (int) NativeCall.check(LinuxLibs.pidfdOpen((int) keeper.pid()), "pidfd_open", LinuxLibs.runtime(),
                    Os.LINUX);
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ESRCH")) {
                return;
            }
            throw new JailException("jail_remove", label, null, e.errnoName(), "pidfd_open " + keeper.pid(), e);
        }
        try {
            // Checked once the pidfd holds the process: before, the pid might have been another's.
            if (!keeper.alive()) {
                return;
            }
            if (!signal(fd, keeper, SIGTERM, label) || awaitEnd(fd, keeper, label)) {
                return;
            }
            if (!signal(fd, keeper, SIGKILL, label) || awaitEnd(fd, keeper, label)) {
                return;
            }
            throw new JailException("jail_remove", label, null, "ETIMEDOUT",
                    "keeper " + keeper + " did not end after SIGKILL", null);
        } finally {
            LinuxLibs.libc().close(fd);
        }
    }

    /** False when the process has already ended. */
    private static boolean signal(int pidfd, ProcessIdentity p, int sig, String label) {
        try {
            NativeCall.check(LinuxLibs.pidfdSendSignal(pidfd, sig), "pidfd_send_signal", LinuxLibs.runtime(),
                    Os.LINUX);
            return true;
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ESRCH")) {
                return false;
            }
            throw new JailException("jail_remove", label, null, e.errnoName(), "pidfd_send_signal " + p.pid(), e);
        }
    }

    /** Waits up to {@link #STOP_MILLIS} for the pidfd to poll readable: the process has ended. */
    private static boolean awaitEnd(int pidfd, ProcessIdentity p, String label) {
        LibcSpawn libc = LibcSpawn.libc();
        Runtime rt = Runtime.getRuntime(libc);
        Pointer fds = Memory.allocateDirect(rt, LibcSpawn.POLLFD_SIZE, true);
        fds.putInt(0, pidfd);
        fds.putShort(4, LibcSpawn.POLLIN);
        long deadline = System.nanoTime() + STOP_MILLIS * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            fds.putShort(6, (short) 0);
            try {
                if (NativeCall.check(libc.poll(fds, 1, (int) left), "poll", rt, Os.LINUX) > 0) {
                    return true;
                }
            } catch (NativeCallException e) {
                if (!e.errnoName().equals("EINTR")) {
                    throw new JailException("jail_remove", label, null, e.errnoName(), "poll pidfd of " + p.pid(),
                            e);
                }
            }
        }
    }
}
