package org.jail4j.freebsd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jail4j.InvalidParamException;
import org.jail4j.JailException;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.ParamFormat;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.freebsd.LibSysctl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parameters this kernel knows and their types, read from {@code security.jail.param.*} as
 * libjail's jailparam_type does: name to OID with {0,3}, kind and format with {0,4}, a string's
 * maximum length by reading the OID. The catalogue ({@link JailParams}) is used only where it
 * agrees with the kernel, or when the kernel has no {@code security.jail.param} tree at all.
 * Answers are cached for the life of the engine. Thread-safe.
 */
final class KernelParams {
    static final String ROOT = "security.jail.param";
    private static final Logger log = LoggerFactory.getLogger(KernelParams.class);
    /** Formats by CTLTYPE for a parameter whose format string jail4j does not know. */
    private static final Map<Integer, ParamFormat> BY_CTLTYPE = Map.of(LibSysctl.CTLTYPE_INT, ParamFormat.INT,
            LibSysctl.CTLTYPE_UINT, ParamFormat.UINT, LibSysctl.CTLTYPE_LONG, ParamFormat.LONG,
            LibSysctl.CTLTYPE_ULONG, ParamFormat.ULONG, LibSysctl.CTLTYPE_S64, ParamFormat.S64,
            LibSysctl.CTLTYPE_U64, ParamFormat.U64, LibSysctl.CTLTYPE_STRING, ParamFormat.STRING);

    private final SysctlCalls sysctl;
    private final Map<String, Optional<JailParam<?>>> byName = new ConcurrentHashMap<>();
    private volatile List<JailParam<?>> all;
    private volatile Boolean tree;
    private volatile int[] rootOid;

    KernelParams(SysctlCalls sysctl) {
        this.sysctl = sysctl;
    }

    /** Every parameter of this kernel, in the kernel's order ({0,2} walk of the tree). */
    List<JailParam<?>> all() {
        List<JailParam<?>> a = all;
        if (a == null) {
            a = walk();
            all = a;
        }
        return a;
    }

    /** The parameter named exactly {@code name} (no {@code no} form), or empty if this kernel lacks it. */
    Optional<JailParam<?>> find(String name) {
        Optional<JailParam<?>> t = byName.get(name);
        if (t == null) {
            t = lookup(name);
            byName.put(name, t);
        }
        return t;
    }

    /** The parameter, or an {@link InvalidParamException} "unknown parameter: NAME" as the kernel would say. */
    JailParam<?> require(String call, String jail, String name) {
        return find(name).orElseThrow(() -> new InvalidParamException(call, jail, name,
                "unknown parameter: " + name));
    }

    private List<JailParam<?>> walk() {
        if (!hasTree()) {
            log.debug("no {} tree: using the built-in catalogue", ROOT);
            return JailParams.all().stream().filter(p -> !p.isPseudo()).toList();
        }
        List<JailParam<?>> out = new ArrayList<>();
        int[] root = rootOid;
        try {
            for (int[] next = nextUnder(root, root); next != null; next = nextUnder(next, root)) {
                int[] oid = next;
                String name = paramName(sysctl.name(oid));
                byName.computeIfAbsent(name, n -> describe(n, oid)).ifPresent(out::add);
            }
        } catch (NativeCallException e) {
            throw wrap(ROOT, e);
        }
        return List.copyOf(out);
    }

    /** The leaf after {@code oid} ({0,2}) while it is still under {@code prefix}; null at the end. */
    private int[] nextUnder(int[] oid, int[] prefix) {
        int[] next;
        try {
            next = sysctl.next(oid);
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ENOENT")) {
                return null;
            }
            throw e;
        }
        return SysctlCalls.startsWith(next, prefix) ? next : null;
    }

    /** {@code security.jail.param.ip4.} becomes {@code ip4}: the empty-named leaf is the node's own value. */
    static String paramName(String sysctlName) {
        String n = sysctlName.substring(ROOT.length() + 1);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private Optional<JailParam<?>> lookup(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
            return Optional.empty();
        }
        int[] oid;
        try {
            oid = sysctl.oid(ROOT + "." + name);
        } catch (NativeCallException e) {
            if (!e.errnoName().equals("ENOENT")) {
                throw wrap(name, e);
            }
            if (!hasTree()) {
                return JailParams.lookup(name).filter(p -> !p.isPseudo());
            }
            return Optional.empty();
        }
        return describe(name, oid);
    }

    private boolean hasTree() {
        Boolean t = tree;
        if (t == null) {
            try {
                rootOid = sysctl.oid(ROOT);
                t = true;
            } catch (NativeCallException e) {
                if (!e.errnoName().equals("ENOENT")) {
                    throw wrap(ROOT, e);
                }
                t = false;
            }
            tree = t;
        }
        return t;
    }

    /** The type of the OID {@code oid} named {@code name}; a node stands for its empty-named leaf. */
    private Optional<JailParam<?>> describe(String name, int[] oid) {
        try {
            SysctlCalls.OidFormat f = sysctl.format(oid);
            int[] leaf = oid;
            if (f.isNode()) {
                leaf = emptyLeaf(name, oid);
                if (leaf == null) {
                    return Optional.empty();
                }
                f = sysctl.format(leaf);
            }
            return Optional.ofNullable(typeOf(name, leaf, f));
        } catch (NativeCallException e) {
            throw wrap(name, e);
        }
    }

    /**
     * The leaf {@code NAME.} under the node {@code NAME} (ip4, host, allow.mount, sysvshm), found
     * by walking the node's children; name2oid drops a trailing dot, so it cannot be asked for.
     */
    private int[] emptyLeaf(String name, int[] node) {
        String want = ROOT + "." + name + ".";
        for (int[] next = nextUnder(node, node); next != null; next = nextUnder(next, node)) {
            if (sysctl.name(next).equals(want)) {
                return next;
            }
        }
        return null;
    }

    private JailParam<?> typeOf(String name, int[] oid, SysctlCalls.OidFormat f) {
        ParamFormat format = ParamFormat.ofSysctl(f.format()).orElseGet(() -> byCtlType(f.type()));
        if (format == null) {
            log.debug("param={} has a format jail4j cannot decode: kind=0x{} fmt={}", name,
                    Integer.toHexString(f.kind()), f.format());
            return null;
        }
        int max = -1;
        if (format == ParamFormat.STRING || format == ParamFormat.KEYVALUE) {
            // Reading a string parameter's OID gives its maximum length as decimal text ("256").
            String text = SysctlCalls.cString(sysctl.value(oid)).strip();
            try {
                max = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new JailException("sysctl", null, name, null,
                        "the maximum length of a string parameter is not a number: \"" + text + "\"", e);
            }
        }
        return JailParams.fromSysctl(name, f.kind(), format.sysctlFormat(), max).orElse(null);
    }

    private static ParamFormat byCtlType(int type) {
        return BY_CTLTYPE.get(type);
    }

    static JailException wrap(String name, NativeCallException e) {
        return JailException.of("sysctl", null, name.startsWith(ROOT) ? null : name, e.errnoName(),
                e.kernelMessage(), e);
    }
}
