package org.jail4j;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-value rules of the kernel, checked before any system call so that bad input never
 * reaches jail_set. Rules that involve two parameters (a numeric name equal to the JID, vnet
 * with addresses, create-only parameters on update) live in {@link SpecRules}.
 */
final class Validators {
    /** Highest JID the kernel allocates (JAIL_MAX). */
    static final int JAIL_MAX = 999999;
    /** jail_max_af_ips: addresses per family. */
    static final int MAX_ADDRESSES = 255;

    private Validators() {
    }

    static InvalidParamException invalid(JailParam<?> p, String reason) {
        return new InvalidParamException(null, null, p.name(), reason);
    }

    static final JailParam.Validator<Integer> JID = (p, v) -> {
        if (v < 1 || v > JAIL_MAX) {
            throw invalid(p, "must be between 1 and " + JAIL_MAX + ", not " + v);
        }
    };

    static final JailParam.Validator<String> NAME = (p, v) -> {
        if (v.isEmpty()) {
            throw invalid(p, "must not be empty");
        }
        if (v.startsWith(".") || v.endsWith(".") || v.contains("..")) {
            throw invalid(p, "dots separate the levels of a hierarchical name and may not be empty: \"" + v + "\"");
        }
    };

    static final JailParam.Validator<String> PATH = (p, v) -> {
        if (!v.startsWith("/")) {
            throw invalid(p, "must be an absolute path, not \"" + v + "\"");
        }
    };

    static final JailParam.Validator<Integer> SECURELEVEL = (p, v) -> {
        if (v < -1) {
            throw new InvalidParamException(null, null, p.name(), "EPERM", "must be -1 or more, not " + v);
        }
    };

    static final JailParam.Validator<Integer> OSRELDATE = (p, v) -> {
        if (v <= 0) {
            throw invalid(p, "must be positive, not " + v);
        }
    };

    static final JailParam.Validator<Integer> ENFORCE_STATFS = (p, v) -> {
        if (v < 0 || v > 2) {
            throw invalid(p, "must be 0, 1 or 2, not " + v);
        }
    };

    static final JailParam.Validator<Integer> DEVFS_RULESET = (p, v) -> {
        if (v < 0 || v > 65535) {
            throw invalid(p, "must be between 0 and 65535, not " + v);
        }
    };

    static final JailParam.Validator<Integer> CHILDREN_MAX = (p, v) -> {
        if (v < 0) {
            throw invalid(p, "must be 0 or more, not " + v);
        }
    };

    static final JailParam.Validator<JailSys> NO_DISABLE = (p, v) -> {
        if (v == JailSys.DISABLE) {
            throw invalid(p, "may be new or inherit, not disable");
        }
    };

    static <A extends InetAddress> void addresses(JailParam<List<A>> p, List<A> v) {
        if (v.size() > MAX_ADDRESSES) {
            throw invalid(p, "at most " + MAX_ADDRESSES + " addresses, got " + v.size());
        }
        Set<A> seen = new HashSet<>();
        for (A a : v) {
            if (a.isAnyLocalAddress()) {
                throw invalid(p, "the wildcard address " + a.getHostAddress() + " is not a jail address");
            }
            if (a.getAddress().length == 4 && a.getHostAddress().equals("255.255.255.255")) {
                throw invalid(p, "the broadcast address 255.255.255.255 is not a jail address");
            }
            if (!seen.add(a)) {
                throw invalid(p, "address " + a.getHostAddress() + " given twice");
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final JailParam.Validator ADDRESSES = (p, v) -> addresses((JailParam) p, (List) v);
}
