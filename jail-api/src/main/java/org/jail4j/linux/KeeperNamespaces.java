package org.jail4j.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jail4j.JailException;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.linux.LibcLinux;
import org.jail4j.ffi.linux.LinuxLibs;

/**
 * Reads and changes what a running jail holds in its UTS and network namespaces. A thread may
 * join another UTS or network namespace on its own (unlike a mount namespace, which needs a
 * single-threaded process), so a short-lived thread joins the keeper's, does the one thing and
 * ends: no other thread of the JVM ever moves.
 */
final class KeeperNamespaces {
    /** Where iproute2 may be on the host. */
    private static final List<Path> IP = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"),
            Path.of("/bin/ip"));

    private KeeperNamespaces() {
    }

    static void set(ProcessIdentity keeper, boolean hostname, String value, String label) {
        String param = hostname ? "host.hostname" : "host.domainname";
        inside(keeper, LibcLinux.CLONE_NEWUTS, "jail_set", label, param, () -> {
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
        return inside(keeper, LibcLinux.CLONE_NEWUTS, "jail_get", label, "host.hostname",
                () -> new String[] {HostNames.hostname(), HostNames.domainname()});
    }

    /**
     * Takes {@code remove} off the jail's {@code lo} and puts {@code add} on it, with the host's
     * {@code ip}: a process started from a thread inside the jail's network namespace is born
     * there, with the JVM's privileges and the host's file system.
     */
    static void changeLoopback(ProcessIdentity keeper, String param, List<String> remove, List<String> add,
                               String label) {
        Path ip = IP.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new JailException("jail_set",
                label, param, "ENOENT", "changing a running jail's addresses needs iproute2's ip on the host", null));
        inside(keeper, LibcLinux.CLONE_NEWNET, "jail_set", label, param, () -> {
            for (String a : remove) {
                run(List.of(ip.toString(), "addr", "del", a, "dev", "lo"), label, param);
            }
            for (String a : add) {
                run(List.of(ip.toString(), "addr", "add", a, "dev", "lo"), label, param);
            }
            return null;
        });
    }

    private static void run(List<String> cmd, String label, String param) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new JailException("jail_set", label, param, null, String.join(" ", cmd) + ": " + out, null);
            }
        } catch (java.io.IOException e) {
            throw new JailException("jail_set", label, param, "EIO", String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JailException("jail_set", label, param, "EINTR", "interrupted", e);
        }
    }

    private static <T> T inside(ProcessIdentity keeper, int nsType, String call, String label, String param,
                                java.util.function.Supplier<T> action) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicReference<T> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                enter(keeper, nsType);
                result.set(action.get());
            } catch (NativeCallException e) {
                failure.set(JailException.of(call, label, param, e.errnoName(), e.call(), e));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "jail4j-ns-" + label);
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

    /** Moves the calling thread, and only it, into one namespace of the keeper. */
    private static void enter(ProcessIdentity keeper, int nsType) {
        LibcLinux libc = LinuxLibs.libc();
        int fd = (int) NativeCall.check(LinuxLibs.pidfdOpen((int) keeper.pid()), "pidfd_open", LinuxLibs.runtime(),
                Os.LINUX);
        try {
            if (!keeper.alive()) {
                throw new NativeCallException("pidfd_open", Os.LINUX, 3, "the keeper has ended");
            }
            NativeCall.check(libc.setns(fd, nsType), "setns", LinuxLibs.runtime(), Os.LINUX);
        } finally {
            libc.close(fd);
        }
    }
}
