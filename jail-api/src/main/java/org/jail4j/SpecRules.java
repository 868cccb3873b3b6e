package org.jail4j;

import java.nio.charset.StandardCharsets;

/**
 * Rules that involve more than one parameter, checked before any system call: a numeric name
 * must equal the JID, vnet excludes addresses, create-only parameters are refused on update.
 */
final class SpecRules {
    private SpecRules() {
    }

    static void checkCreate(JailSpec spec) {
        JailParams p = spec.params();
        String label = spec.label();
        p.find(JailParams.NAME).ifPresent(name -> checkName(label, name, p.find(JailParams.JID).orElse(null)));
        if (p.find(JailParams.VNET).orElse(JailSys.INHERIT) == JailSys.NEW
                && (p.contains(JailParams.IP4_ADDR) || p.contains(JailParams.IP6_ADDR))) {
            String which = p.contains(JailParams.IP4_ADDR) ? "ip4.addr" : "ip6.addr";
            throw new InvalidParamException("create", label, which,
                    "a vnet jail has its own network stack and takes no " + which + "; configure addresses inside it");
        }
        p.forEach((param, v) -> {
            if (param.access() == JailParam.Access.READ_ONLY) {
                throw new InvalidParamException("create", label, param.name(), "is read-only");
            }
        });
    }

    /** The rules of an update: no create-only or read-only parameter, and no new name that breaks the name rules. */
    static void checkUpdate(String label, JailParams changes) {
        changes.forEach((param, v) -> {
            if (param.access() == JailParam.Access.CREATE_ONLY && param != JailParams.JID) {
                throw new InvalidParamException("update", label, param.name(), "cannot be changed after creation");
            }
            if (param.access() == JailParam.Access.READ_ONLY) {
                throw new InvalidParamException("update", label, param.name(), "is read-only");
            }
        });
        changes.find(JailParams.NAME).ifPresent(n -> checkName(label, n, changes.find(JailParams.JID).orElse(null)));
    }

    static void checkName(String label, String name, Integer jid) {
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new InvalidParamException("create", label, "name", "ENAMETOOLONG", "at most 255 bytes");
        }
        if (name.chars().allMatch(Character::isDigit)) {
            if (jid == null || !name.equals(Integer.toString(jid))) {
                if (jid != null) {
                    throw new InvalidParamException("create", label, "name",
                            "name cannot be numeric (unless it is the jid)");
                }
            }
        }
    }
}
