package org.jail4j.freebsd;

import jnr.ffi.Runtime;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.jail4j.ffi.freebsd.LibJail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jail system calls, each checked in one place: a failure is a
 * {@link org.jail4j.ffi.NativeCallException} carrying errno (FreeBSD numbering) and the
 * kernel's errmsg. No policy here; the engine adds the jail and the parameter.
 */
final class JailCalls {
    private static final Logger log = LoggerFactory.getLogger(JailCalls.class);

    private final LibJail lib;
    private final Runtime runtime;

    JailCalls(LibJail lib, Runtime runtime) {
        this.lib = lib;
        this.runtime = runtime;
    }

    /** A fresh iovec list on this runtime. */
    IovecList iovecs() {
        return new IovecList(runtime);
    }

    int set(IovecList iov, int flags) {
        log.debug("jail_set niov={} flags=0x{}", iov.niov(), Integer.toHexString(flags));
        return NativeCall.check(lib.jail_set(iov.pointer(), iov.niov(), flags), "jail_set", runtime, Os.FREEBSD,
                iov);
    }

    /** jail_get; on success the lengths the kernel wrote back are read into {@code iov}. */
    int get(IovecList iov, int flags) {
        log.debug("jail_get niov={} flags=0x{}", iov.niov(), Integer.toHexString(flags));
        int jid = NativeCall.check(lib.jail_get(iov.pointer(), iov.niov(), flags), "jail_get", runtime, Os.FREEBSD,
                iov);
        iov.readBack();
        return jid;
    }

    /** jail_remove_jd: removes the jail a descriptor refers to (FreeBSD 15 and later). */
    void removeDesc(int fd) {
        log.debug("jail_remove_jd fd={}", fd);
        NativeCall.check(FreeBsdLibs.jailDesc().jail_remove_jd(fd), "jail_remove_jd", runtime, Os.FREEBSD);
    }

    /** close(2) of a jail descriptor. */
    void closeDesc(int fd) {
        log.debug("close jail descriptor fd={}", fd);
        NativeCall.check(FreeBsdLibs.jailDesc().close(fd), "close", runtime, Os.FREEBSD);
    }

    void remove(int jid) {
        log.debug("jail_remove jid={}", jid);
        NativeCall.check(lib.jail_remove(jid), "jail_remove", runtime, Os.FREEBSD);
    }
}
