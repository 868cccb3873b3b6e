package org.jail4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One rctl(8) rule, {@code subject:id:resource:action=amount[/per]} (e.g.
 * {@code jail:www:memoryuse:deny=2g}), or a filter with the trailing fields left out
 * ({@code jail:www:}). A field left out is null.
 *
 * @param subject  whom the rule limits; null only in the filter that matches every rule
 * @param id       the subject's id: a jail's <em>name</em>, a user name or uid, a pid, a login class
 * @param resource the resource limited
 * @param action   what happens at the limit
 * @param amount   the limit, in the resource's unit (bytes, seconds, percent, a count)
 * @param per      whom the amount is accounted to, when not the subject itself
 */
public record RctlRule(RctlSubject subject, String id, RctlResource resource, RctlAction action, Long amount,
                       RctlSubject per) {
    public RctlRule {
        if (amount != null && amount < 0) {
            throw new InvalidParamException("rctl", null, "amount", "must be 0 or more, not " + amount);
        }
        if (id != null && (id.indexOf(':') >= 0 || id.indexOf(',') >= 0)) {
            throw new InvalidParamException("rctl", null, "id", "may not hold ':' or ',': \"" + id + "\"");
        }
    }

    /** {@code jail:NAME:resource:action=amount}. */
    public static RctlRule jail(String name, RctlResource resource, RctlAction action, long amount) {
        return new RctlRule(RctlSubject.JAIL, Objects.requireNonNull(name, "name"), resource, action, amount, null);
    }

    /** The filter matching every rule of a jail: {@code jail:NAME:}. */
    public static RctlRule jailFilter(String name) {
        return new RctlRule(RctlSubject.JAIL, Objects.requireNonNull(name, "name"), null, null, null, null);
    }

    /** The filter matching every rule: {@code :}. */
    public static RctlRule all() {
        return new RctlRule(null, null, null, null, null, null);
    }

    /** Whether every field a rule needs to be added is there. */
    public boolean isComplete() {
        return subject != null && id != null && resource != null && action != null && amount != null;
    }

    /** A rule or filter as rctl(8) writes it; amounts may carry k, m, g, t or p (powers of 1024). */
    public static RctlRule parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] f = text.strip().split(":", -1);
        if (f.length > 4) {
            throw new InvalidParamException("rctl", null, null, "too many ':' in rule \"" + text + "\"");
        }
        RctlSubject subject = field(f, 0) == null ? null : RctlSubject.of(f[0]);
        String id = field(f, 1);
        RctlResource resource = field(f, 2) == null ? null : RctlResource.of(f[2]);
        String rest = field(f, 3);
        RctlAction action = null;
        Long amount = null;
        RctlSubject per = null;
        if (rest != null) {
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                per = RctlSubject.of(rest.substring(slash + 1));
                rest = rest.substring(0, slash);
            }
            int eq = rest.indexOf('=');
            action = RctlAction.of(eq >= 0 ? rest.substring(0, eq) : rest);
            if (eq >= 0) {
                amount = amount(rest.substring(eq + 1), text);
            }
        }
        return new RctlRule(subject, id, resource, action, amount, per);
    }

    private static String field(String[] f, int i) {
        return i < f.length && !f[i].isEmpty() ? f[i] : null;
    }

    private static long amount(String s, String rule) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "kmgtp".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmgtp".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidParamException("rctl", null, "amount", "not an amount: \"" + s + "\" in \"" + rule
                    + "\"");
        }
    }

    /** The rule as rctl(8) and the kernel take it, trailing empty fields left out. */
    @Override
    public String toString() {
        List<String> f = new ArrayList<>();
        f.add(subject == null ? "" : subject.text());
        f.add(id == null ? "" : id);
        f.add(resource == null ? "" : resource.text());
        StringBuilder a = new StringBuilder();
        if (action != null) {
            a.append(action.text());
            if (amount != null) {
                a.append('=').append(amount);
            }
            if (per != null) {
                a.append('/').append(per.text());
            }
        }
        f.add(a.toString());
        while (f.size() > 1 && f.get(f.size() - 1).isEmpty()) {
            f.remove(f.size() - 1);
        }
        return f.size() == 1 ? f.get(0) + ":" : String.join(":", f);
    }
}
