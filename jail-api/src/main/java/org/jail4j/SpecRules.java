package org.jail4j;

/**
 * Rules that involve more than one parameter or depend on the operation, checked before any
 * system call: a numeric name must equal the JID, a vnet jail takes no IP restrictions,
 * read-only parameters are never set and create-only ones are refused on update. Messages
 * follow the kernel's words where it has some.
 */
final class SpecRules {
    static final String CREATE = "create";
    static final String UPDATE = "update";

    private SpecRules() {
    }

    /** The rules of a create, on the spec's parameters (the network's addresses included). */
    static void checkCreate(JailSpec spec) {
        JailParams p = spec.params();
        String label = spec.label();
        p.forEach((param, v) -> checkAccess(CREATE, label, param));
        p.find(JailParams.NAME).ifPresent(name -> checkName(CREATE, label, name, p.find(JailParams.JID).orElse(null)));
        checkVnet(label, p);
    }

    /**
     * The rules of an update of the jail {@code label} (a name, or a JID as text): no create-only
     * or read-only parameter, and no name that breaks the name rules.
     */
    static void checkUpdate(String label, JailParams changes) {
        changes.forEach((param, v) -> checkAccess(UPDATE, label, param));
        Integer jid = changes.find(JailParams.JID).orElse(label != null && label.matches("[1-9][0-9]{0,8}")
                ? Integer.valueOf(label) : null);
        changes.find(JailParams.NAME).ifPresent(name -> checkName(UPDATE, label, name, jid));
    }

    /**
     * Whether {@code call} may give {@code param}: never a read-only one, and on update no
     * create-only one except {@code jid}, which selects the jail there.
     */
    static void checkAccess(String call, String label, JailParam<?> param) {
        if (param.access() == JailParam.Access.READ_ONLY) {
            throw new InvalidParamException(call, label, param.name(), "is read-only");
        }
        if (UPDATE.equals(call) && param.access() == JailParam.Access.CREATE_ONLY && !param.equals(JailParams.JID)) {
            throw new InvalidParamException(call, label, param.name(), "cannot be changed after creation");
        }
    }

    /**
     * The kernel's numeric-name rule: a last component that is a number must be the jid, in
     * normal form (non-normal forms are refused by the name's own validator). When the jid is
     * unknown, on create the kernel takes the number as the jid (KERNEL-ANSWERS A8), so it must
     * be a valid one; on update only the kernel knows the jail's jid.
     */
    static void checkName(String call, String label, String name, Integer jid) {
        String last = Validators.lastComponent(name);
        if (!Validators.isNumeric(last)) {
            return;
        }
        if (jid != null) {
            if (!last.equals(Integer.toString(jid))) {
                throw new InvalidParamException(call, label, JailParams.NAME.name(), Validators.NUMERIC_NAME);
            }
        } else if (CREATE.equals(call)) {
            long asJid = last.length() > 7 ? Long.MAX_VALUE : Long.parseLong(last);
            if (asJid < 1 || asJid > Validators.JAIL_MAX) {
                throw new InvalidParamException(call, label, JailParams.NAME.name(),
                        "a numeric name is taken as the jid, which must be between 1 and " + Validators.JAIL_MAX
                                + ", not " + last);
            }
        }
    }

    /**
     * The kernel refuses any IP restriction together with vnet ({@code vnet jails cannot have IP
     * address restrictions}): it checks that vnet was given at all, whatever its value, and that
     * any of ip4, ip4.addr, ip6 or ip6.addr was.
     */
    private static void checkVnet(String label, JailParams p) {
        if (!p.contains(JailParams.VNET)) {
            return;
        }
        for (JailParam<?> ip : new JailParam<?>[] {JailParams.IP4_ADDR, JailParams.IP6_ADDR, JailParams.IP4,
                JailParams.IP6}) {
            if (p.contains(ip)) {
                throw new InvalidParamException(CREATE, label, ip.name(),
                        "vnet jails cannot have IP address restrictions");
            }
        }
    }
}
