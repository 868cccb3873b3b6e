package org.jail4j.linux;

import java.util.ArrayList;
import java.util.List;

import org.jail4j.InvalidParamException;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.ffi.IovecList;

/**
 * Parameters in the shape of {@code jls -n -q}: {@code name=value} words separated by spaces,
 * booleans as {@code name} or {@code noname}. Unlike jls's own quoting (the jls command's
 * {@code TextOutput.quoted}), a value is double-quoted with backslash escapes whenever it is empty
 * or holds a blank, a quote, a backslash or a newline, so that every value reads back exactly:
 * the state files keep a jail's parameters in this form.
 */
final class ParamText {
    private ParamText() {
    }

    /** One {@code jls -n -q} line for {@code params}, in their order. */
    static String format(JailParams params) {
        StringBuilder b = new StringBuilder();
        for (JailParam<?> p : params.params()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(word(p, params));
        }
        return b.toString();
    }

    /** One parameter as a {@code jls -n -q} word. */
    static String word(JailParam<?> p, JailParams params) {
        if (p.isBoolean()) {
            boolean v = (Boolean) params.get(p);
            return v ? p.name() : IovecList.negatedName(p.name());
        }
        return p.name() + "=" + quote(params.text(p));
    }

    /** {@code value} quoted as jls -q does, where it needs quoting. */
    static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\\' || c == '\n'
                || c == '\t' || c == '\'')) {
            return value;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"':
                case '\\':
                    b.append('\\').append(c);
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                default:
                    b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The parameters of a line {@link #format} wrote. */
    static JailParams parse(String line) {
        JailParams.Builder b = JailParams.builder();
        for (String w : words(line)) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                b.setText(w, "");
            } else {
                b.setText(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        return b.build();
    }

    /** The words of a line, quotes removed and escapes resolved. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    char n = line.charAt(++i);
                    w.append(n == 'n' ? '\n' : n);
                } else if (c == '"') {
                    quoted = false;
                } else {
                    w.append(c);
                }
            } else if (c == ' ') {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                if (w == null) {
                    w = new StringBuilder();
                }
                if (c == '"') {
                    quoted = true;
                } else {
                    w.append(c);
                }
            }
        }
        if (quoted) {
            throw new InvalidParamException(null, null, null, "unterminated quote in \"" + line + "\"");
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }
}
