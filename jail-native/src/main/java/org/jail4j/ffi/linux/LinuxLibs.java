package org.jail4j.ffi.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.UnsupportedByKernelException;

/** Loads {@link LibcLinux} once, on first use, and only on Linux. */
public final class LinuxLibs {
    private LinuxLibs() {
    }

    public static LibcLinux libc() {
        if (!Os.isLinux()) {
            throw new UnsupportedByKernelException("Linux namespace calls (this is "
                    + System.getProperty("os.name") + ")", null);
        }
        return Holder.LIBC;
    }

    public static Runtime runtime() {
        return Runtime.getRuntime(libc());
    }

    /** pivot_root(2) through syscall(2). */
    public static int pivotRoot(String newRoot, String putOld) {
        jnr.ffi.Pointer a = cString(newRoot);
        jnr.ffi.Pointer b = cString(putOld);
        return (int) libc().syscall(LibcLinux.SYS_pivot_root, a.address(), b.address(), 0, 0);
    }

    /** pidfd_open(2) through syscall(2): a descriptor that stays bound to this process, not to a reused pid. */
    public static int pidfdOpen(int pid) {
        return (int) libc().syscall(LibcLinux.SYS_pidfd_open, pid, 0, 0, 0);
    }

    /** pidfd_send_signal(2) through syscall(2). */
    public static int pidfdSendSignal(int pidfd, int sig) {
        return (int) libc().syscall(LibcLinux.SYS_pidfd_send_signal, pidfd, sig, 0, 0);
    }

    private static jnr.ffi.Pointer cString(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        jnr.ffi.Pointer p = jnr.ffi.Memory.allocateDirect(runtime(), b.length + 1, true);
        p.put(0, b, 0, b.length);
        return p;
    }

    private static final class Holder {
        static final LibcLinux LIBC = LibraryLoader.create(LibcLinux.class).failImmediately()
                .load(Platform.getNativePlatform().getStandardCLibraryName());
    }
}
