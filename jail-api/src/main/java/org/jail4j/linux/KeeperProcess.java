package org.jail4j.linux;

import java.util.List;
import java.util.Optional;

import org.jail4j.JailException;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.linux.LinuxLibs;

/**
 * Finding and stopping a jail's keeper. The keeper is pid 1 of the jail's pid namespace, so
 * ending it ends every process in the jail. It is never this JVM's child (the launcher's first
 * process exits once the keeper is ready), so its end is seen in {@code /proc}, not by waitpid.
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

    /** SIGTERM, then SIGKILL if the jail has not ended in time; returns once the keeper is gone. */
    static void stop(ProcessIdentity keeper, String label) {
        if (!signal(keeper, SIGTERM, label) || awaitEnd(keeper)) {
            return;
        }
        if (!signal(keeper, SIGKILL, label) || awaitEnd(keeper)) {
            return;
        }
        throw new JailException("jail_remove", label, null, "ETIMEDOUT",
                "keeper " + keeper + " did not end after SIGKILL", null);
    }

    /** Signals the process through a pidfd, so that a pid reused since it was checked is never hit. */
    private static boolean signal(ProcessIdentity p, int sig, String label) {
        int fd;
        try {
            fd = (int) NativeCall.check(LinuxLibs.pidfdOpen((int) p.pid()), "pidfd_open", LinuxLibs.runtime(),
                    Os.LINUX);
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ESRCH")) {
                return false;
            }
            throw new JailException("jail_remove", label, null, e.errnoName(), "pidfd_open " + p.pid(), e);
        }
        try {
            if (!p.alive()) {
                return false;
            }
            NativeCall.check(LinuxLibs.pidfdSendSignal(fd, sig), "pidfd_send_signal", LinuxLibs.runtime(), Os.LINUX);
            return true;
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ESRCH")) {
                return false;
            }
            throw new JailException("jail_remove", label, null, e.errnoName(), "pidfd_send_signal " + p.pid(), e);
        } finally {
            LinuxLibs.libc().close(fd);
        }
    }

    /** Waits for the process to end; the host's init may leave it a zombie, which counts as ended. */
    static boolean awaitEnd(ProcessIdentity p) {
        long deadline = System.nanoTime() + STOP_MILLIS * 1_000_000L;
        long pause = 1;
        while (p.alive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 50);
        }
        return true;
    }
}
