package org.jail4j.ffi;

import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/**
 * Turns a C result into an exception: one place instead of a try/catch beside every call.
 * errno is read at once, before anything else can run native code on this thread.
 */
public final class NativeCall {
    private NativeCall() {
    }

    /** Returns {@code rc} when it is not negative; otherwise throws with errno and the errmsg of {@code iov}. */
    public static int check(int rc, String call, Runtime runtime, Os numbering, IovecList iov) {
        if (rc >= 0) {
            return rc;
        }
        int errno = LastError.getLastError(runtime);
        throw new NativeCallException(call, numbering, errno, iov == null ? null : iov.errmsg());
    }

    /** The same for calls without an errmsg buffer. */
    public static int check(int rc, String call, Runtime runtime, Os numbering) {
        return check(rc, call, runtime, numbering, null);
    }

    /** The same for calls that return a long (syscall(2)). */
    public static long check(long rc, String call, Runtime runtime, Os numbering) {
        if (rc >= 0) {
            return rc;
        }
        int errno = LastError.getLastError(runtime);
        throw new NativeCallException(call, numbering, errno, null);
    }
}
