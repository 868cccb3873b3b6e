package org.jail4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resource limits (rctl(8), RACCT) of one host's engine. On FreeBSD these are the rctl system
 * calls; a kernel without RACCT answers ENOSYS ("RACCT disabled"). Engines without rctl answer
 * ENOTSUP.
 *
 * <pre>{@code
 * Rctl rctl = Rctl.of(host);
 * rctl.add(RctlRule.parse("jail:www:maxproc:deny=100"));
 * rctl.rules(RctlRule.jailFilter("www")).forEach(System.out::println);
 * Map<String, Long> used = rctl.usage("www");
 * }</pre>
 */
public final class Rctl {
    private final JailHost host;

    private Rctl(JailHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    public static Rctl of(JailHost host) {
        return new Rctl(host);
    }

    /** Adds a complete rule (rctl -a). */
    public void add(RctlRule rule) {
        if (!rule.isComplete()) {
            throw new InvalidParamException("rctl_add_rule", null, null,
                    "a rule needs subject, id, resource, action and amount: \"" + rule + "\"");
        }
        host.engine().rctlAdd(rule.toString());
    }

    /** Removes every rule matching {@code filter} (rctl -r). */
    public void remove(RctlRule filter) {
        host.engine().rctlRemove(filter.toString());
    }

    /** The rules matching {@code filter} (rctl), as the kernel reports them. */
    public List<RctlRule> rules(RctlRule filter) {
        String text = host.engine().rctlRules(filter.toString());
        List<RctlRule> out = new ArrayList<>();
        for (String r : text.split(",")) {
            if (!r.isEmpty()) {
                out.add(RctlRule.parse(r));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The resource usage of jail {@code name} (rctl -u jail:NAME): resource name to amount, in the kernel's order. */
    public Map<String, Long> usage(String name) {
        String filter = new RctlRule(RctlSubject.JAIL, Objects.requireNonNull(name, "name"), null, null, null, null)
                .toString();
        String text = host.engine().rctlUsage(filter);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new JailException("rctl_get_racct", name, null, null, "not resource=value: \"" + pair + "\"",
                        null);
            }
            try {
                out.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new JailException("rctl_get_racct", name, null, null, "not resource=value: \"" + pair + "\"",
                        e);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
