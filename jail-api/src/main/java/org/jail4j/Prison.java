package org.jail4j;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable record of one jail's kernel state as jail_get reported it: every parameter the
 * kernel knows, typed. A parameter this kernel lacks (e.g. {@code vnet} without VIMAGE) is
 * absent, never defaulted.
 *
 * @param jid    the JID
 * @param name   the jail's name
 * @param params every parameter read, in the kernel's order
 */
public record Prison(int jid, String name, JailParams params) {
    public Prison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(params, "params");
    }

    /** The value of {@code p}; a {@link JailException} naming it when this kernel did not report it. */
    public <T> T get(JailParam<T> p) {
        return params.find(p).orElseThrow(() -> new JailException("jail_get", name, p.name(), null,
                "not reported by this kernel", null));
    }

    /** The value of {@code p}, or empty when this kernel did not report it. */
    public <T> Optional<T> find(JailParam<T> p) {
        return params.find(p);
    }

    public String path() {
        return params.find(JailParams.PATH).orElse("/");
    }

    public String hostname() {
        return params.find(JailParams.HOST_HOSTNAME).orElse("");
    }

    public boolean dying() {
        return params.find(JailParams.DYING).orElse(false);
    }

    public boolean persist() {
        return params.find(JailParams.PERSIST).orElse(false);
    }

    public List<Inet4Address> ip4() {
        return params.find(JailParams.IP4_ADDR).orElse(List.of());
    }

    public List<Inet6Address> ip6() {
        return params.find(JailParams.IP6_ADDR).orElse(List.of());
    }
}
