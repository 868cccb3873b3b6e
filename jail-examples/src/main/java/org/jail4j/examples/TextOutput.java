package org.jail4j.examples;

import java.io.PrintStream;
import java.util.List;

import org.jail4j.JailParams;
import org.jail4j.Prison;

/** jls's text layout, from the format strings of usr.sbin/jls/jls.c (libxo text style). */
final class TextOutput implements Jls.Output {
    private final PrintStream out;

    TextOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void header(int pflags, List<Jls.Column> cols) {
        if ((pflags & Jls.PRINT_VERBOSE) != 0) {
            out.print("   JID  Hostname" + spaces(22) + "Path\n");
            out.print(spaces(8) + "Name" + spaces(26) + "State\n");
            out.print(spaces(8) + "CPUSetID\n");
            out.print(spaces(8) + "IP Address(es)\n");
        } else if ((pflags & Jls.PRINT_DEFAULT) != 0) {
            if ((pflags & Jls.PRINT_JAIL_NAME) != 0) {
                out.print(" " + left("JID", 15) + " " + left("IP Address", 15) + " " + left("Hostname", 29) + " Path\n");
            } else {
                out.print(right("JID", 6) + "  IP Address" + spaces(6) + "Hostname" + spaces(22) + "Path\n");
            }
        } else if ((pflags & Jls.PRINT_HEADER) != 0) {
            StringBuilder b = new StringBuilder();
            for (Jls.Column c : cols) {
                if (c.user) {
                    b.append(b.length() > 0 ? " " : "").append(c.name);
                }
            }
            out.print(b + "\n");
        }
    }

    @Override
    public void jail(int pflags, List<Jls.Column> cols, Prison p) {
        if ((pflags & Jls.PRINT_VERBOSE) != 0) {
            verbose(p);
        } else if ((pflags & Jls.PRINT_DEFAULT) != 0) {
            if ((pflags & Jls.PRINT_JAIL_NAME) != 0) {
                out.print(" " + left(p.name(), 15) + " ");
            } else {
                out.print(right(Integer.toString(p.jid()), 6) + "  ");
            }
            List<String> ip4 = Jls.addresses(JailParams.IP4_ADDR, p.params().find(JailParams.IP4_ADDR).orElse(null));
            out.print(left(cut(ip4.isEmpty() ? "" : ip4.get(0), 15), 15) + " " + left(cut(p.hostname(), 29), 29) + " "
                    + cut(p.path(), 74) + "\n");
        } else {
            values(pflags, cols, p);
        }
    }

    private void verbose(Prison p) {
        out.print(right(Integer.toString(p.jid()), 6) + "  " + left(cut(p.hostname(), 29), 29) + " "
                + cut(p.path(), 74) + "\n");
        out.print(spaces(8) + left(cut(p.name(), 29), 29) + " " + (p.dying() ? "DYING" : "ACTIVE") + "\n");
        out.print(spaces(8) + p.params().find(JailParams.CPUSET_ID).map(String::valueOf).orElse("-") + "\n");
        for (String a : Jls.addresses(JailParams.IP4_ADDR, p.params().find(JailParams.IP4_ADDR).orElse(null))) {
            out.print(spaces(8) + a + "\n");
        }
        for (String a : Jls.addresses(JailParams.IP6_ADDR, p.params().find(JailParams.IP6_ADDR).orElse(null))) {
            out.print(spaces(8) + a + "\n");
        }
    }

    private void values(int pflags, List<Jls.Column> cols, Prison p) {
        StringBuilder b = new StringBuilder();
        boolean spc = false;
        for (Jls.Column c : cols) {
            if (!c.user || Jls.skipped(pflags, cols, c, p)) {
                continue;
            }
            if (spc) {
                b.append(' ');
            }
            spc = true;
            Object v = Jls.raw(c, p);
            if ((pflags & Jls.PRINT_NAMEVAL) != 0) {
                if (c.param.isBoolean()) {
                    b.append(Jls.boolValue(c, v) ? c.name : Jls.noName(c));
                    continue;
                }
                b.append(c.name).append('=');
            }
            if (Jls.emptyArray(c, v)) {
                if ((pflags & Jls.PRINT_QUOTED) != 0) {
                    b.append("\"\"");
                } else if ((pflags & Jls.PRINT_NAMEVAL) == 0) {
                    b.append('-');
                }
            } else {
                b.append(quoted(pflags, Jls.export(c, v)));
            }
        }
        out.print(b + "\n");
    }

    /** jls's quoted_print: "" for an empty value; with -q, quotes around a value holding quotes or blanks. */
    static String quoted(int pflags, String v) {
        if (v.isEmpty()) {
            return "\"\"";
        }
        char qc = v.indexOf('\'') >= 0 ? '"' : v.indexOf('"') >= 0 ? '\''
                : v.indexOf(' ') >= 0 || v.indexOf('\t') >= 0 ? '"' : 0;
        if (qc != 0 && (pflags & Jls.PRINT_QUOTED) != 0) {
            return qc + v + qc;
        }
        return v;
    }

    @Override
    public void finish() {
        // Text has no trailer.
    }

    /** printf's %.Ns: at most n characters. */
    static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    /** printf's %-Ns. */
    static String left(String s, int n) {
        return s.length() >= n ? s : s + spaces(n - s.length());
    }

    /** printf's %Ns. */
    static String right(String s, int n) {
        return s.length() >= n ? s : spaces(n - s.length()) + s;
    }

    static String spaces(int n) {
        return " ".repeat(n);
    }
}
