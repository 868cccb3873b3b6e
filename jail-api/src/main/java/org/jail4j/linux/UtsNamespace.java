package org.jail4j.linux;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.jail4j.JailException;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.linux.LibcLinux;
import org.jail4j.ffi.linux.LinuxLibs;

/**
 * Changes a running jail's hostname or domain name. A thread may join another UTS namespace on
 * its own (unlike a mount namespace, which needs a single-threaded process), so a short-lived
 * thread joins the keeper's, sets the name and ends: no other thread of the JVM ever moves.
 */
final class UtsNamespace {
    private UtsNamespace() {
    }

    static void set(ProcessIdentity keeper, boolean hostname, String value, String label) {
        String param = hostname ? "host.hostname" : "host.domainname";
        inside(keeper, "jail_set", label, param, () -> {
            byte[] b = value.getBytes(StandardCharsets.UTF_8);
            LibcLinux libc = LinuxLibs.libc();
            int rc = hostname ? libc.sethostname(b, b.length) : libc.setdomainname(b, b.length);
            NativeCall.check(rc, hostname ? "sethostname" : "setdomainname", LinuxLibs.runtime(), Os.LINUX);
            return null;
        });
    }

    /**
     * The jail's hostname and domain name as they are now: a process inside may have changed them
     * (allow.set_hostname). /proc/sys/kernel answers for the reading thread's own UTS namespace.
     */
    static String[] names(ProcessIdentity keeper, String label) {
        return inside(keeper, "jail_get", label, "host.hostname",
                () -> new String[] {HostNames.hostname(), HostNames.domainname()});
    }

    private static <T> T inside(ProcessIdentity keeper, String call, String label, String param,
                                java.util.function.Supplier<T> action) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicReference<T> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                enter(keeper);
                result.set(action.get());
            } catch (NativeCallException e) {
                failure.set(JailException.of(call, label, param, e.errnoName(), e.call(), e));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "jail4j-uts-" + label);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JailException(call, label, param, "EINTR", "interrupted", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** Moves the calling thread, and only it, into the keeper's UTS namespace. */
    private static void enter(ProcessIdentity keeper) {
        LibcLinux libc = LinuxLibs.libc();
        int fd = (int) NativeCall.check(LinuxLibs.pidfdOpen((int) keeper.pid()), "pidfd_open", LinuxLibs.runtime(),
                Os.LINUX);
        try {
            if (!keeper.alive()) {
                throw new NativeCallException("pidfd_open", Os.LINUX, 3, "the keeper has ended");
            }
            NativeCall.check(libc.setns(fd, LibcLinux.CLONE_NEWUTS), "setns", LinuxLibs.runtime(), Os.LINUX);
        } finally {
            libc.close(fd);
        }
    }
}
