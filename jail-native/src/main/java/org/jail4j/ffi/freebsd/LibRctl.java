package org.jail4j.ffi.freebsd;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;

/**
 * rctl(2) calls as in {@code <sys/rctl.h>}: a NUL-terminated rule or filter in (its length
 * counting the NUL), a comma-separated answer out; ERANGE when the output buffer is too small.
 */
public interface LibRctl {
    int rctl_get_racct(@In byte[] inbufp, @size_t long inbuflen, Pointer outbufp, @size_t long outbuflen);

    int rctl_get_rules(@In byte[] inbufp, @size_t long inbuflen, Pointer outbufp, @size_t long outbuflen);

    int rctl_get_limits(@In byte[] inbufp, @size_t long inbuflen, Pointer outbufp, @size_t long outbuflen);

    int rctl_add_rule(@In byte[] inbufp, @size_t long inbuflen, Pointer outbufp, @size_t long outbuflen);

    int rctl_remove_rule(@In byte[] inbufp, @size_t long inbuflen, Pointer outbufp, @size_t long outbuflen);
}
