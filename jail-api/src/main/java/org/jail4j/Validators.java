package org.jail4j;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The per-value rules of the kernel, checked before any system call so that bad input never
 * reaches jail_set. String lengths are checked by {@link JailParam#validate} from the
 * parameter's maximum length. Rules that involve two parameters (a numeric name equal to the
 * JID, vnet with addresses, create-only parameters on update) live in {@link SpecRules}.
 */
final class Validators {
    /** Highest JID the kernel allocates (JAIL_MAX). */
    static final int JAIL_MAX = 999999;
    /** jail_max_af_ips: addresses per family. */
    static final int MAX_ADDRESSES = 255;
    /** The kernel's message for a numeric name that is not the jid, word for word. */
    static final String NUMERIC_NAME = "name cannot be numeric (unless it is the jid)";

    /** What strtoul(3) reads to the end: the kernel calls such a name component numeric. */
    private static final Pattern NUMERIC = Pattern.compile("\\s*[+-]?[0-9]+");
    /** A number in the normal form the kernel accepts as a name equal to the jid: no sign, no leading zero. */
    private static final Pattern NORMAL_NUMBER = Pattern.compile("[1-9][0-9]*");

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

    /**
     * Dots separate the levels of a hierarchical name and no level may be empty. A last level
     * that is a number but not in normal form ({@code 05}, {@code +5}) can never equal the jid,
     * so the kernel always refuses it; a normal number is checked against the jid by
     * {@link SpecRules}.
     */
    static final JailParam.Validator<String> NAME = (p, v) -> {
        if (v.isEmpty()) {
            throw invalid(p, "must not be empty");
        }
        if (v.startsWith(".") || v.endsWith(".") || v.contains("..")) {
            throw invalid(p, "dots separate the levels of a hierarchical name, and no level may be empty: \""
                    + v + "\"");
        }
        String last = lastComponent(v);
        if (isNumeric(last) && !NORMAL_NUMBER.matcher(last).matches()) {
            throw invalid(p, NUMERIC_NAME);
        }
    };

    /** The part after the last dot: the kernel's {@code namelc}. */
    static String lastComponent(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** Whether the kernel's strtoul would read {@code component} to its end. */
    static boolean isNumeric(String component) {
        return NUMERIC.matcher(component).matches();
    }

    static final JailParam.Validator<String> PATH = (p, v) -> {
        if (!v.startsWith("/")) {
            throw invalid(p, "must be an absolute path, not \"" + v + "\"");
        }
    };

    static final JailParam.Validator<Integer> SECURELEVEL = (p, v) -> {
        if (v < -1) {
            // The kernel answers EPERM: below -1 would be less secure than any parent.
            throw new InvalidParamException(null, null, p.name(), "EPERM", "must be -1 or more, not " + v);
        }
    };

    /** The kernel answers an over-long osrelease with EINVAL and this text, not ENAMETOOLONG. */
    static final JailParam.Validator<String> OSRELEASE = (p, v) -> {
        int bytes = v.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= p.maxLength()) {
            throw invalid(p, "osrelease string must be 1-" + (p.maxLength() - 1) + " bytes long");
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

    /** {@code meta}/{@code env}: a key holds no {@code =} or newline and is not empty; a value holds no newline. */
    static final JailParam.Validator<Map<String, String>> KEYVALUE = (p, v) -> v.forEach((key, value) -> {
        if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\n') >= 0) {
            throw invalid(p, "a key may not be empty or hold '=' or a newline: \"" + key + "\"");
        }
        if (value.indexOf('\n') >= 0) {
            throw invalid(p, "the value of " + key + " may not hold a newline");
        }
    });

    /**
     * {@code ip4.addr}/{@code ip6.addr}: at most jail_max_af_ips, none twice, none the wildcard
     * or (IPv4) broadcast address, as the kernel checks them.
     */
    static <A extends InetAddress> JailParam.Validator<List<A>> addresses() {
        return (p, v) -> {
            if (v.size() > MAX_ADDRESSES) {
                throw invalid(p, "at most " + MAX_ADDRESSES + " addresses, got " + v.size());
            }
            Set<A> seen = new HashSet<>();
            for (A a : v) {
                if (a.isAnyLocalAddress()) {
                    throw invalid(p, "the wildcard address " + Codecs.addressText(a) + " is not a jail address");
                }
                if (Codecs.addressText(a).equals("255.255.255.255")) {
                    throw invalid(p, "the broadcast address 255.255.255.255 is not a jail address");
                }
                if (!seen.add(a)) {
                    throw invalid(p, "address " + Codecs.addressText(a) + " given twice");
                }
            }
        };
    }

    /** The rules every value of a format obeys, for parameters discovered at run time. */
    @SuppressWarnings("unchecked")
    static <T> JailParam.Validator<T> forFormat(ParamFormat format) {
        switch (format) {
            case IN_ADDR_ARRAY:
            case IN6_ADDR_ARRAY:
                return (JailParam.Validator<T>) (JailParam.Validator<?>) addresses();
            case KEYVALUE:
                return (JailParam.Validator<T>) (JailParam.Validator<?>) KEYVALUE;
            default:
                return null;
        }
    }
}
