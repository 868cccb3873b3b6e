package org.jail4j.freebsd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.jail4j.JailException;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.freebsd.LibRctl;

/**
 * rctl(2): a NUL-terminated rule or filter in, a comma-separated answer out. An answer that does
 * not fit gives ERANGE, and the call is repeated with a buffer twice as large, as rctl(8) does.
 * ENOSYS means the kernel has RACCT compiled out or {@code kern.racct.enable=0}.
 */
final class RctlCalls {
    static final int FIRST_BUFFER = 4096;
    /** rctl(8) gives up somewhere; so do we, at 16 MiB, rather than loop for ever. */
    static final int MAX_BUFFER = 16 << 20;

    private final LibRctl lib;
    private final Runtime runtime;

    /** One of the rctl calls, for {@link #query}. */
    @FunctionalInterface
    interface Call {
        int invoke(LibRctl lib, byte[] in, long inLength, Pointer out, long outLength);
    }

    RctlCalls(LibRctl lib, Runtime runtime) {
        this.lib = lib;
        this.runtime = runtime;
    }

    void add(String rule) {
        byte[] in = cString(rule);
        check(lib.rctl_add_rule(in, in.length, null, 0), "rctl_add_rule", rule);
    }

    void remove(String filter) {
        byte[] in = cString(filter);
        check(lib.rctl_remove_rule(in, in.length, null, 0), "rctl_remove_rule", filter);
    }

    String rules(String filter) {
        return query("rctl_get_rules", filter, LibRctl::rctl_get_rules);
    }

    String usage(String filter) {
        return query("rctl_get_racct", filter, LibRctl::rctl_get_racct);
    }

    private String query(String call, String filter, Call c) {
        byte[] in = cString(filter);
        for (int size = FIRST_BUFFER; ; size *= 2) {
            Pointer out = Memory.allocateDirect(runtime, size, true);
            int rc = c.invoke(lib, in, in.length, out, size);
            if (rc < 0 && errno() == Errnos.number(Os.FREEBSD, "ERANGE") && size < MAX_BUFFER) {
                continue;
            }
            check(rc, call, filter);
            byte[] b = new byte[size];
            out.get(0, b, 0, size);
            return SysctlCalls.cString(b);
        }
    }

    private int errno() {
        return LastError.getLastError(runtime);
    }

    private void check(int rc, String call, String rule) {
        if (rc >= 0) {
            return;
        }
        String errno = Errnos.name(Os.FREEBSD, errno());
        String message = errno.equals("ENOSYS")
                ? "RACCT disabled (the kernel lacks options RACCT/RCTL, or kern.racct.enable=0)" : rule;
        throw JailException.of(call, jailOf(rule), null, errno, message, null);
    }

    /** The jail a rule or filter is about ({@code jail:www:...} is about www), or null. */
    static String jailOf(String rule) {
        String[] f = rule.split(":", -1);
        return f.length > 1 && f[0].equals("jail") && !f[1].isEmpty() ? f[1] : null;
    }

    private static byte[] cString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }
}
