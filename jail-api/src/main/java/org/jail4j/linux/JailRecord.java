package org.jail4j.linux;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jail4j.JailParams;

/**
 * What the state directory knows about one jail, in {@code <state>/<jid>.jail}: enough for any
 * JVM on the host to find, report, enter and remove it.
 *
 * @param jid        the JID
 * @param name       the jail's name
 * @param state      starting, alive or dying
 * @param root       the jail's root directory on the host ({@code path})
 * @param namespaces the namespaces the keeper unshared, as the launcher spells them
 * @param keeper     the keeper process, null while starting
 * @param owner      the JVM that owns the jail (its handle removes it), null once released
 * @param control    the keeper's control socket, null when it has none
 * @param params     the parameters as set (jid, name, path and read-only ones excluded)
 */
record JailRecord(int jid, String name, State state, String root, List<String> namespaces, ProcessIdentity keeper,
                  ProcessIdentity owner, String control, JailParams params) {
    /** Where a jail is in its life. */
    enum State {
        /** JID and name are reserved; the keeper is not ready yet. Invisible to list and find. */
        STARTING,
        ALIVE,
        /** Being removed, or its keeper has ended and its host changes are not undone yet. */
        DYING
    }

    JailRecord {
        namespaces = List.copyOf(namespaces);
    }

    JailRecord withState(State s) {
        return new JailRecord(jid, name, s, root, namespaces, keeper, owner, control, params);
    }

    JailRecord withKeeper(ProcessIdentity k) {
        return new JailRecord(jid, name, state, root, namespaces, k, owner, control, params);
    }

    JailRecord withOwner(ProcessIdentity o) {
        return new JailRecord(jid, name, state, root, namespaces, keeper, o, control, params);
    }

    JailRecord withNameAndParams(String n, JailParams p) {
        return new JailRecord(jid, n, state, root, namespaces, keeper, owner, control, p);
    }

    /** The record as the lines of its file. */
    String text() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jid", Integer.toString(jid));
        m.put("name", ParamText.quote(name));
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("root", ParamText.quote(root));
        m.put("namespaces", String.join(",", namespaces));
        m.put("keeper", keeper == null ? "-" : keeper.pid() + " " + keeper.start());
        m.put("owner", owner == null ? "-" : owner.pid() + " " + owner.start());
        m.put("control", control == null ? "-" : ParamText.quote(control));
        m.put("params", ParamText.format(params));
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    /** The record a file holds; an {@link IllegalArgumentException} naming the broken line otherwise. */
    static JailRecord parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String k : List.of("jid", "name", "state", "root", "namespaces", "keeper", "owner", "control",
                "params")) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException("no " + k + "= line");
            }
        }
        String ns = m.get("namespaces");
        return new JailRecord(Integer.parseInt(m.get("jid")), unquote(m.get("name")),
                State.valueOf(m.get("state").toUpperCase(java.util.Locale.ROOT)), unquote(m.get("root")),
                ns.isEmpty() ? List.of() : List.of(ns.split(",")), identity(m.get("keeper")),
                identity(m.get("owner")), m.get("control").equals("-") ? null : unquote(m.get("control")),
                ParamText.parse(m.get("params")));
    }

    private static String unquote(String v) {
        List<String> w = ParamText.words(v);
        return w.isEmpty() ? "" : w.get(0);
    }

    private static ProcessIdentity identity(String v) {
        if (v.equals("-")) {
            return null;
        }
        String[] f = v.split(" ");
        return new ProcessIdentity(Long.parseLong(f[0]), Long.parseLong(f[1]));
    }
}
