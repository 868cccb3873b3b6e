package org.jail4j.ffi;

/** A native function this kernel or C library does not provide (a missing symbol, found when loading). */
public final class UnsupportedByKernelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedByKernelException(String what, Throwable cause) {
        super(what + ": not supported by this kernel", cause);
    }
}
