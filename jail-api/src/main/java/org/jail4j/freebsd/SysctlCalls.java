package org.jail4j.freebsd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.NativeCall;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.freebsd.LibSysctl;

/**
 * sysctl(3) and its undocumented meta-OIDs ({0,1} name, {0,2} next, {0,3} name to OID, {0,4}
 * format), as libjail uses them. Every failure is a {@link org.jail4j.ffi.NativeCallException}
 * with FreeBSD's errno numbering; callers add what the value was for.
 */
final class SysctlCalls {
    /** libjail reads the format into {@code struct { u_int kind; char fmt[MAXPATHLEN]; }}. */
    private static final int FORMAT_BUFFER = 4 + 1024;
    private static final int ENOMEM = Errnos.number(Os.FREEBSD, "ENOMEM");

    private final LibSysctl lib;
    private final Runtime runtime;

    SysctlCalls(LibSysctl lib, Runtime runtime) {
        this.lib = lib;
        this.runtime = runtime;
    }

    /** The kind word ({@code CTLTYPE} in the low four bits, {@code CTLFLAG_*} above) and format string of an OID. */
    record OidFormat(int kind, String format) {
        int type() {
            return kind & LibSysctl.CTLTYPE;
        }

        boolean isNode() {
            return type() == LibSysctl.CTLTYPE_NODE;
        }

        boolean writable() {
            return (kind & LibSysctl.CTLFLAG_WR) != 0;
        }

        boolean tunable() {
            return (kind & LibSysctl.CTLFLAG_TUN) != 0;
        }
    }

    /** {0,3}: the OID of a name; the name goes in without its NUL, as the kernel wants. */
    int[] oid(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        Pointer in = Memory.allocateDirect(runtime, Math.max(1, bytes.length));
        in.put(0, bytes, 0, bytes.length);
        Pointer out = Memory.allocateDirect(runtime, LibSysctl.CTL_MAXNAME * 4, true);
        Pointer len = sizeT(LibSysctl.CTL_MAXNAME * 4L);
        call("sysctl {0,3} " + name, meta(LibSysctl.CTL_SYSCTL_NAME2OID), out, len, in, bytes.length);
        int n = (int) (len.getAddress(0) / 4);
        int[] oid = new int[n];
        for (int i = 0; i < n; i++) {
            oid[i] = out.getInt(4L * i);
        }
        return oid;
    }

    /** {0,4}: the kind and format string of an OID. */
    OidFormat format(int[] oid) {
        Pointer out = Memory.allocateDirect(runtime, FORMAT_BUFFER, true);
        Pointer len = sizeT(FORMAT_BUFFER);
        call("sysctl {0,4}", meta(LibSysctl.CTL_SYSCTL_OIDFMT, oid), out, len, null, 0);
        long got = len.getAddress(0);
        return new OidFormat(out.getInt(0), cString(out, 4, (int) Math.min(got, FORMAT_BUFFER) - 4));
    }

    /** {0,1}: the full dotted name of an OID. */
    String name(int[] oid) {
        byte[] raw = read("sysctl {0,1}", meta(LibSysctl.CTL_SYSCTL_NAME, oid));
        return cString(raw);
    }

    /** {0,2}: the next leaf after {@code oid}; a {@code NativeCallException} with ENOENT at the end. */
    int[] next(int[] oid) {
        Pointer out = Memory.allocateDirect(runtime, LibSysctl.CTL_MAXNAME * 4, true);
        Pointer len = sizeT(LibSysctl.CTL_MAXNAME * 4L);
        call("sysctl {0,2}", meta(LibSysctl.CTL_SYSCTL_NEXT, oid), out, len, null, 0);
        int n = (int) (len.getAddress(0) / 4);
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = out.getInt(4L * i);
        }
        return next;
    }

    /** The value of an OID, sized by a NULL pass first. */
    byte[] value(int[] oid) {
        return read("sysctl", mib(oid));
    }

    private byte[] read(String what, Mib mib) {
        for (int attempt = 0; ; attempt++) {
            Pointer len = sizeT(0);
            check(lib.sysctl(mib.pointer(), mib.length(), null, len, null, 0), what);
            // A value may grow between the two calls (ENOMEM): retry with slack, as sysctl(8) does.
            long size = len.getAddress(0) + (attempt == 0 ? 0 : 64L << attempt);
            Pointer out = Memory.allocateDirect(runtime, (int) Math.max(1, size), true);
            Pointer got = sizeT(size);
            int rc = lib.sysctl(mib.pointer(), mib.length(), out, got, null, 0);
            if (rc < 0 && attempt < 4 && LastError.getLastError(runtime) == ENOMEM) {
                continue;
            }
            check(rc, what);
            byte[] bytes = new byte[(int) got.getAddress(0)];
            out.get(0, bytes, 0, bytes.length);
            return bytes;
        }
    }

    private void call(String what, Mib mib, Pointer out, Pointer len, Pointer in, long inLength) {
        check(lib.sysctl(mib.pointer(), mib.length(), out, len, in, inLength), what);
    }

    private void check(int rc, String what) {
        NativeCall.check(rc, what, runtime, Os.FREEBSD);
    }

    /** A MIB as native ints, with its length in ints. */
    private record Mib(Pointer pointer, int length) {
    }

    private Mib meta(int op, int... oid) {
        int[] all = new int[oid.length + 2];
        all[0] = LibSysctl.CTL_SYSCTL;
        all[1] = op;
        System.arraycopy(oid, 0, all, 2, oid.length);
        return mib(all);
    }

    private Mib mib(int[] oid) {
        Pointer p = Memory.allocateDirect(runtime, Math.max(1, oid.length) * 4, true);
        for (int i = 0; i < oid.length; i++) {
            p.putInt(4L * i, oid[i]);
        }
        return new Mib(p, oid.length);
    }

    private Pointer sizeT(long value) {
        Pointer p = Memory.allocateDirect(runtime, runtime.addressSize(), true);
        p.putAddress(0, value);
        return p;
    }

    private static String cString(Pointer p, int offset, int max) {
        byte[] b = new byte[Math.max(0, max)];
        p.get(offset, b, 0, b.length);
        return cString(b);
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    static boolean startsWith(int[] oid, int[] prefix) {
        return oid.length > prefix.length && Arrays.equals(oid, 0, prefix.length, prefix, 0, prefix.length);
    }
}
