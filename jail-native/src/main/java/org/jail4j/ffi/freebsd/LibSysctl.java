package org.jail4j.ffi.freebsd;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import jnr.ffi.types.u_int32_t;

/**
 * sysctl(3) as in {@code <sys/sysctl.h>}. {@code oldlenp} points at a {@code size_t}; any of the
 * pointers may be null as the C API allows.
 */
public interface LibSysctl {
    int CTL_SYSCTL = 0;
    int CTL_SYSCTL_NAME = 1;
    int CTL_SYSCTL_NEXT = 2;
    int CTL_SYSCTL_NAME2OID = 3;
    int CTL_SYSCTL_OIDFMT = 4;
    int CTL_SYSCTL_OIDDESCR = 5;
    int CTL_SYSCTL_NEXTNOSKIP = 7;
    int CTL_MAXNAME = 24;

    int CTLTYPE = 0xf;
    int CTLTYPE_NODE = 1;
    int CTLTYPE_INT = 2;
    int CTLTYPE_STRING = 3;
    int CTLTYPE_S64 = 4;
    int CTLTYPE_OPAQUE = 5;
    int CTLTYPE_UINT = 6;
    int CTLTYPE_LONG = 7;
    int CTLTYPE_ULONG = 8;
    int CTLTYPE_U64 = 9;
    int CTLTYPE_U8 = 0xa;
    int CTLTYPE_U16 = 0xb;
    int CTLTYPE_S8 = 0xc;
    int CTLTYPE_S16 = 0xd;
    int CTLTYPE_S32 = 0xe;
    int CTLTYPE_U32 = 0xf;
    int CTLFLAG_RD = 0x80000000;
    int CTLFLAG_WR = 0x40000000;
    int CTLFLAG_TUN = 0x00080000;
    int CTLFLAG_PRISON = 0x04000000;

    int sysctl(@In Pointer name, @u_int32_t int namelen, Pointer oldp, Pointer oldlenp, Pointer newp,
               @size_t long newlen);

    int sysctlbyname(@In String name, Pointer oldp, Pointer oldlenp, Pointer newp, @size_t long newlen);
}
