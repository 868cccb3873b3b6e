package org.jail4j.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jail4j.JailException;
import org.jail4j.JailHost;
import org.jail4j.JailParam;
import org.jail4j.JailSys;
import org.jail4j.ParamFormat;
import org.jail4j.Prison;

/**
 * {@code jls [--libxo=json] [-dhNnqsv] [-j jail] [param ...]}: jls(8) over the public API, with
 * its layouts (usr.sbin/jls/jls.c): the default table, {@code -v}'s four-line records, and the
 * parameter modes ({@code -h} header, {@code -n} name=value with booleans as name/noname,
 * {@code -q} quoting, {@code -s} for jail -c), as text or as libxo's JSON.
 */
public final class Jls {
    static final int PRINT_DEFAULT = 0x01;
    static final int PRINT_HEADER = 0x02;
    static final int PRINT_NAMEVAL = 0x04;
    static final int PRINT_QUOTED = 0x08;
    static final int PRINT_SKIP = 0x10;
    static final int PRINT_VERBOSE = 0x20;
    static final int PRINT_JAIL_NAME = 0x40;
    static final String USAGE = "usage: jls [-dhNnqv] [-j jail] [param ...]";

    private final JailHost host;
    private final PrintStream out;
    private final PrintStream err;

    /** One parameter to print: the kernel's parameter, whether it was named in its "no" form, and how it came. */
    static final class Column {
        final String name;
        final JailParam<?> param;
        final boolean negated;
        boolean user;
        int parent = -1;

        Column(String name, JailParam<?> param, boolean negated, boolean user) {
            this.name = name;
            this.param = param;
            this.negated = negated;
            this.user = user;
        }
    }

    /** The parsed command line. */
    static final class Options {
        int pflags;
        boolean dying;
        String jail;
        boolean json;
        final List<String> params = new ArrayList<>();
    }

    Jls(JailHost host, PrintStream out, PrintStream err) {
        this.host = host;
        this.out = out;
        this.err = err;
    }

    static int main(String[] args) {
        return new Jls(Hosts.current(), System.out, System.err).run(args);
    }

    int run(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("jls: " + e.getMessage());
            return 1;
        }
        try {
            List<Column> columns = columns(o);
            List<Prison> jails = jails(o);
            Output w = o.json ? new JsonOutput(out) : new TextOutput(out);
            w.header(o.pflags, columns);
            for (Prison p : jails) {
                w.jail(o.pflags, columns, p);
            }
            w.finish();
            out.flush();
            return 0;
        } catch (JailException e) {
            err.println("jls: " + (e.kernelMessage() != null ? e.kernelMessage() : e.getMessage()));
            return 1;
        }
    }

    static Options parse(String[] args) {
        Options o = new Options();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (a.startsWith("--libxo")) {
                String v = a.startsWith("--libxo=") || a.startsWith("--libxo:") ? a.substring(8) : null;
                if (v == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(USAGE);
                    }
                    v = args[++i];
                }
                o.json = libxoStyle(v);
                continue;
            }
            if (!a.startsWith("-") || a.length() == 1) {
                break;
            }
            for (int c = 1; c < a.length(); c++) {
                char f = a.charAt(c);
                if (f == 'j') {
                    String v = c + 1 < a.length() ? a.substring(c + 1) : (++i < args.length ? args[i] : null);
                    if (v == null) {
                        throw new IllegalArgumentException("option requires an argument -- j\n" + USAGE);
                    }
                    o.jail = v;
                    break;
                }
                o.pflags = flag(o, f);
            }
        }
        for (; i < args.length; i++) {
            o.params.add(args[i]);
        }
        return o;
    }

    private static boolean libxoStyle(String v) {
        boolean json = false;
        for (String w : v.split(",")) {
            if (w.equals("json") || w.equals("J")) {
                json = true;
            } else if (!w.equals("text") && !w.equals("T")) {
                throw new IllegalArgumentException("--libxo " + w + ": only text and json are supported");
            }
        }
        return json;
    }

    private static int flag(Options o, char f) {
        int p = o.pflags;
        switch (f) {
            case 'a':
            case 'd':
                o.dying = true;
                return p;
            case 'h':
                return (p & ~(PRINT_SKIP | PRINT_VERBOSE)) | PRINT_HEADER;
            case 'N':
                return p | PRINT_JAIL_NAME;
            case 'n':
                return (p & ~PRINT_VERBOSE) | PRINT_NAMEVAL;
            case 'q':
                return p | PRINT_QUOTED;
            case 's':
                return (p & ~(PRINT_HEADER | PRINT_VERBOSE)) | PRINT_NAMEVAL | PRINT_QUOTED | PRINT_SKIP;
            case 'v':
                return (p & ~(PRINT_HEADER | PRINT_NAMEVAL | PRINT_SKIP)) | PRINT_VERBOSE;
            default:
                throw new IllegalArgumentException("illegal option -- " + f + "\n" + USAGE);
        }
    }

    /** The parameters to print, as jls.c's main() adds them (pflags may gain PRINT_DEFAULT or lose VERBOSE). */
    List<Column> columns(Options o) {
        List<Column> cols = new ArrayList<>();
        if (o.params.isEmpty()) {
            if ((o.pflags & (PRINT_HEADER | PRINT_NAMEVAL)) != 0) {
                addAll(cols);
            } else if ((o.pflags & PRINT_VERBOSE) != 0) {
                for (String n : List.of("jid", "host.hostname", "path", "name", "dying")) {
                    add(cols, n, true);
                }
                // Optional here, unlike jls.c: the Linux engine has no cpuset.id and prints "-" for it.
                for (String n : List.of("cpuset.id", "ip4.addr", "ip6.addr")) {
                    addOptional(cols, n);
                }
            } else {
                o.pflags |= PRINT_DEFAULT;
                add(cols, (o.pflags & PRINT_JAIL_NAME) != 0 ? "name" : "jid", true);
                add(cols, "ip4.addr", true);
                add(cols, "host.hostname", true);
                add(cols, "path", true);
            }
        } else {
            o.pflags &= ~PRINT_VERBOSE;
            for (String n : o.params) {
                if (n.equals("all")) {
                    addAll(cols);
                } else {
                    add(cols, n, true);
                }
            }
        }
        if ((o.pflags & PRINT_SKIP) != 0) {
            for (Column c : new ArrayList<>(cols)) {
                int dot = c.name.indexOf('.');
                if (c.user && dot >= 0) {
                    c.parent = addOptional(cols, c.name.substring(0, dot));
                }
            }
        }
        return cols;
    }

    /** The pseudo-parameter "all": every kernel parameter, top-level ones first, then by name (sort_param). */
    private void addAll(List<Column> cols) {
        List<String> names = host.capabilities().params().stream().sorted((a, b) -> {
            boolean da = a.indexOf('.') >= 0;
            boolean db = b.indexOf('.') >= 0;
            if (da != db) {
                return da ? 1 : -1;
            }
            return compareBytes(a, b);
        }).collect(Collectors.toList());
        for (String n : names) {
            add(cols, n, true);
        }
    }

    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compare(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private int add(List<Column> cols, String name, boolean user) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name.equals(name)) {
                cols.get(i).user |= user;
                return i;
            }
        }
        Column c = resolve(name, user);
        cols.add(c);
        return cols.size() - 1;
    }

    private int addOptional(List<Column> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name.equals(name)) {
                return i;
            }
        }
        try {
            cols.add(resolve(name, false));
            return cols.size() - 1;
        } catch (JailException e) {
            return -1;
        }
    }

    /** A parameter by name, or its "no" form for a boolean, as libjail's jailparam_type resolves it. */
    private Column resolve(String name, boolean user) {
        try {
            return new Column(name, host.paramType(name), false, user);
        } catch (JailException e) {
            int dot = name.lastIndexOf('.');
            String last = name.substring(dot + 1);
            if (last.startsWith("no")) {
                try {
                    JailParam<?> p = host.paramType(name.substring(0, dot + 1) + last.substring(2));
                    if (p.isBoolean()) {
                        return new Column(name, p, true, user);
                    }
                } catch (JailException ignored) {
                    // Not the "no" form of a boolean either: the original name is the unknown one.
                }
            }
            throw new JailException(null, null, name, null, "unknown parameter: " + name, e);
        }
    }

    private List<Prison> jails(Options o) {
        if (o.jail == null) {
            return host.list(o.dying).collect(Collectors.toList());
        }
        String key = o.jail;
        boolean numeric = !key.isEmpty() && key.chars().allMatch(Character::isDigit) && !key.matches("0+");
        Optional<Prison> p = o.dying ? host.findIncludingDying(key) : host.find(key);
        if (p.isEmpty()) {
            throw new JailException(null, null, null, null, numeric ? "jail " + Integer.parseInt(key) + " not found"
                    : "jail \"" + key + "\" not found", null);
        }
        return List.of(p.get());
    }

    // ---- values as libjail's jailparam_export writes them ------------------------------------------

    /** The value of {@code c} in {@code p}, or null when the kernel did not report it. */
    static Object raw(Column c, Prison p) {
        return p.params().find(c.param).orElse(null);
    }

    /** Whether the value is an empty array (jp_valuelen 0): jls prints "-" or "" for it. */
    static boolean emptyArray(Column c, Object v) {
        return c.param.format().isArray() && (v == null || ((List<?>) v).isEmpty());
    }

    static boolean boolValue(Column c, Object v) {
        boolean b = v != null && (Boolean) v;
        return c.negated != b;
    }

    static String export(Column c, Object v) {
        if (v == null) {
            return "";
        }
        if (c.param.isBoolean()) {
            return boolValue(c, v) ? "true" : "false";
        }
        if (c.param.format() == ParamFormat.JAILSYS) {
            return ((JailSys) v).text();
        }
        return text(c.param, v);
    }

    private static <T> String text(JailParam<T> p, Object v) {
        return p.toText(p.cast(v));
    }

    /** Each address of an ip4.addr or ip6.addr value as inet_ntop(3) writes it (the parameter's own text). */
    static List<String> addresses(JailParam<?> p, Object v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (Object a : (List<?>) v) {
                out.add(text(p, List.of(a)));
            }
        }
        return out;
    }

    /** The name jls prints for a false boolean: {@code allow.nomount}; for a "no"-form name, the positive one. */
    static String noName(Column c) {
        int dot = c.name.lastIndexOf('.');
        String last = c.name.substring(dot + 1);
        if (c.negated) {
            return c.name.substring(0, dot + 1) + last.substring(2);
        }
        return c.name.substring(0, dot + 1) + "no" + last;
    }

    /** Whether -s leaves this parameter out: read-only, or under a jailsys parent that is not "new". */
    static boolean skipped(int pflags, List<Column> cols, Column c, Prison p) {
        if ((pflags & PRINT_SKIP) == 0) {
            return false;
        }
        if (c.param.access() == JailParam.Access.READ_ONLY) {
            return true;
        }
        if (c.parent < 0) {
            return false;
        }
        Object pv = raw(cols.get(c.parent), p);
        int v = pv instanceof JailSys s ? s.value() : pv instanceof Boolean b ? (b ? 1 : 0)
                : pv instanceof Integer i ? i : -1;
        return v != JailSys.NEW.value();
    }

    /** How one output style writes the header and each jail. */
    interface Output {
        void header(int pflags, List<Column> cols);

        void jail(int pflags, List<Column> cols, Prison p);

        void finish();
    }
}
