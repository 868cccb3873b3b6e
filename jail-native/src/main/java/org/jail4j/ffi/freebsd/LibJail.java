package org.jail4j.ffi.freebsd;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.types.u_int32_t;

/**
 * FreeBSD's jail system calls, named and typed as in {@code <sys/jail.h>} (C names on purpose,
 * so they can be checked against the header). errno is saved after every call (jnr's default).
 * Non-API: use {@code org.jail4j}.
 */
public interface LibJail {
    int JAIL_CREATE = 0x01;
    int JAIL_UPDATE = 0x02;
    int JAIL_ATTACH = 0x04;
    int JAIL_DYING = 0x08;
    int JAIL_USE_DESC = 0x10;
    int JAIL_AT_DESC = 0x20;
    int JAIL_GET_DESC = 0x40;
    int JAIL_OWN_DESC = 0x80;
    /** Flag bits known before jail descriptors. */
    int JAIL_SET_MASK = 0x0f;
    int JAIL_GET_MASK = 0x08;

    int JAIL_SYS_DISABLE = 0;
    int JAIL_SYS_NEW = 1;
    int JAIL_SYS_INHERIT = 2;

    int JAIL_API_VERSION = 2;
    int JAIL_MAX = 999999;
    int MAXHOSTNAMELEN = 256;
    int MAXPATHLEN = 1024;
    int HOSTUUIDLEN = 64;
    int OSRELEASELEN = 32;

    /** Obsolete jail(2): {@code struct jail *}. */
    int jail(@In Pointer j);

    int jail_set(Pointer iov, @u_int32_t int niov, int flags);

    int jail_get(Pointer iov, @u_int32_t int niov, int flags);

    int jail_attach(int jid);

    int jail_remove(int jid);
}
