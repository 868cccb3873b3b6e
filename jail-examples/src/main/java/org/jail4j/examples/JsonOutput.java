package org.jail4j.examples;

import java.io.PrintStream;
import java.util.List;

import org.jail4j.JailParams;
import org.jail4j.Prison;

/**
 * jls's {@code --libxo=json} output: libxo's compact JSON with version 2, a container
 * {@code jail-information} holding the list {@code jail}, one object per jail with the fields the
 * text layout names. As libxo does, a field's encoding drops the display width, numbers stay
 * unquoted, and padding, titles and display-only fields are left out.
 */
final class JsonOutput implements Jls.Output {
    private final PrintStream out;
    private final StringBuilder b = new StringBuilder();
    private boolean firstJail = true;
    private boolean firstField;

    JsonOutput(PrintStream out) {
        this.out = out;
        b.append("{\"__version\": \"2\", \"jail-information\": {\"jail\": [");
    }

    @Override
    public void header(int pflags, List<Jls.Column> cols) {
        // Titles are text-only in libxo.
    }

    @Override
    public void jail(int pflags, List<Jls.Column> cols, Prison p) {
        b.append(firstJail ? "{" : ", {");
        firstJail = false;
        firstField = true;
        if ((pflags & Jls.PRINT_VERBOSE) != 0) {
            number("jid", p.jid());
            string("hostname", p.hostname());
            string("path", p.path());
            string("name", p.name());
            string("state", p.dying() ? "DYING" : "ACTIVE");
            number("cpusetid", p.params().find(JailParams.CPUSET_ID).orElse(0));
            list("ipv4_addrs", Jls.addresses(JailParams.IP4_ADDR, p.params().find(JailParams.IP4_ADDR).orElse(null)));
            list("ipv6_addrs", Jls.addresses(JailParams.IP6_ADDR, p.params().find(JailParams.IP6_ADDR).orElse(null)));
        } else if ((pflags & Jls.PRINT_DEFAULT) != 0) {
            if ((pflags & Jls.PRINT_JAIL_NAME) != 0) {
                string("name", p.name());
            } else {
                number("jid", p.jid());
            }
            List<String> ip4 = Jls.addresses(JailParams.IP4_ADDR, p.params().find(JailParams.IP4_ADDR).orElse(null));
            string("ipv4", ip4.isEmpty() ? "" : ip4.get(0));
            string("hostname", p.hostname());
            string("path", p.path());
        } else {
            values(pflags, cols, p);
        }
        b.append('}');
    }

    private void values(int pflags, List<Jls.Column> cols, Prison p) {
        for (Jls.Column c : cols) {
            if (!c.user || Jls.skipped(pflags, cols, c, p)) {
                continue;
            }
            Object v = Jls.raw(c, p);
            if ((pflags & Jls.PRINT_NAMEVAL) != 0 && c.param.isBoolean()) {
                // jls emits {en:NAME/true} for a set boolean and for a cleared "no"-named one.
                raw(c.name, Jls.boolValue(c, v) || c.negated ? "true" : "false");
            } else if (c.param.format().isArray()) {
                list(c.name, Jls.addresses(c.param, v));
            } else {
                string(c.name, Jls.export(c, v));
            }
        }
    }

    private void number(String name, long v) {
        raw(name, Long.toString(v));
    }

    private void string(String name, String v) {
        raw(name, quote(v));
    }

    private void raw(String name, String encoded) {
        b.append(firstField ? "" : ",").append(quote(name)).append(':').append(encoded);
        firstField = false;
    }

    private void list(String name, List<String> values) {
        b.append(firstField ? "" : ", ").append(quote(name)).append(": [");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(values.get(i)));
        }
        b.append(']');
        firstField = false;
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"':
                    q.append("\\\"");
                    break;
                case '\\':
                    q.append("\\\\");
                    break;
                case '\n':
                    q.append("\\n");
                    break;
                case '\t':
                    q.append("\\t");
                    break;
                default:
                    if (ch < 0x20) {
                        q.append(String.format("\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
            }
        }
        return q.append('"').toString();
    }

    @Override
    public void finish() {
        b.append("]}\n}\n");
        out.print(b);
    }
}
