package org.jail4j.freebsd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jail4j.ffi.freebsd.LibSysctl;

/**
 * A sysctl value as the Java type its kernel type calls for: {@code Integer} for the 32-bit and
 * smaller integers, {@code Long} for long and 64-bit ones, {@code String} for strings, and the raw
 * bytes for opaque values and for integer arrays (more bytes than one value).
 */
final class SysctlValues {
    private SysctlValues() {
    }

    static Object decode(SysctlCalls.OidFormat f, byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        switch (f.type()) {
            case LibSysctl.CTLTYPE_STRING:
                return SysctlCalls.cString(raw);
            case LibSysctl.CTLTYPE_INT:
            case LibSysctl.CTLTYPE_UINT:
            case LibSysctl.CTLTYPE_S32:
            case LibSysctl.CTLTYPE_U32:
                return raw.length == 4 ? (Object) b.getInt() : raw;
            case LibSysctl.CTLTYPE_LONG:
            case LibSysctl.CTLTYPE_ULONG:
            case LibSysctl.CTLTYPE_S64:
            case LibSysctl.CTLTYPE_U64:
                return raw.length == 8 ? (Object) b.getLong() : raw;
            case LibSysctl.CTLTYPE_U8:
                return raw.length == 1 ? (Object) Byte.toUnsignedInt(b.get()) : raw;
            case LibSysctl.CTLTYPE_S8:
                return raw.length == 1 ? (Object) (int) b.get() : raw;
            case LibSysctl.CTLTYPE_U16:
                return raw.length == 2 ? (Object) Short.toUnsignedInt(b.getShort()) : raw;
            case LibSysctl.CTLTYPE_S16:
                return raw.length == 2 ? (Object) (int) b.getShort() : raw;
            default:
                return raw;
        }
    }
}
