package org.jail4j.ffi.freebsd;

/**
 * Jail descriptor calls (FreeBSD 15 and later). Kept apart from {@link LibJail} so that a kernel
 * without them still loads the rest; a missing symbol means "not supported by this kernel".
 * Never call a syscall the kernel lacks: FreeBSD answers it with SIGSYS.
 */
public interface LibJailDesc {
    int jail_attach_jd(int fd);

    int jail_remove_jd(int fd);

    /** close(2): lets go of a jail descriptor; the last close of an owning one removes its jail. */
    int close(int fd);
}
