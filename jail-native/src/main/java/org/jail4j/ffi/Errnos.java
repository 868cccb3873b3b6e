package org.jail4j.ffi;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jnr.constants.Constant;

/**
 * errno numbers to symbolic names. FreeBSD and Linux number some errors differently
 * (ENAMETOOLONG is 63 on FreeBSD, 36 on Linux), so the table is chosen by the kernel whose
 * numbering the value follows, not by the host the JVM runs on.
 */
public final class Errnos {
    /**
     * Second names for a number that has a first one: jnr-constants lists EWOULDBLOCK before
     * EAGAIN, but the kernels' headers, strerror and every caller say EAGAIN. Declared before
     * the tables because static fields are initialised in order.
     */
    private static final Set<String> ALIASES = Set.of("EWOULDBLOCK", "EDEADLOCK", "ENOTSUP");
    private static final Table LINUX = new Table(jnr.constants.platform.linux.Errno.values());
    private static final Table FREEBSD = new Table(jnr.constants.platform.freebsd.Errno.values());

    private Errnos() {
    }

    /**
     * The symbol for {@code errno} in {@code os}'s numbering, e.g. {@code "EINVAL"};
     * {@code "errno 999"} if unknown.
     */
    public static String name(Os os, int errno) {
        String n = table(os).byNumber.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /** The number of {@code symbol} in {@code os}'s numbering, or -1 if the symbol is unknown there. */
    public static int number(Os os, String symbol) {
        return table(os).byName.getOrDefault(symbol, -1);
    }

    private static Table table(Os os) {
        return os == Os.FREEBSD ? FREEBSD : LINUX;
    }

    private static final class Table {
        final Map<Integer, String> byNumber = new HashMap<>();
        final Map<String, Integer> byName = new HashMap<>();

        Table(Constant[] constants) {
            for (Constant c : constants) {
                if (c.defined()) {
                    byName.put(c.name(), c.intValue());
                    if (!ALIASES.contains(c.name())) {
                        byNumber.putIfAbsent(c.intValue(), c.name());
                    }
                }
            }
            byName.forEach((symbol, number) -> byNumber.putIfAbsent(number, symbol));   // an alias alone
        }
    }
}
