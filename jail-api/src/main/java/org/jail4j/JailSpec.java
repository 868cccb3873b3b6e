package org.jail4j;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to create one jail: its name, kernel parameters, jail(8) pseudo-parameters,
 * the world to install at {@code path} and the network. Built and validated before any system
 * call; immutable.
 *
 * <pre>{@code
 * JailSpec spec = JailSpec.builder("www")
 *         .path(Path.of("/jail/www"))
 *         .hostname("www.homenet.net")
 *         .network(Network.loopback("127.0.1.10"))
 *         .set(JailParams.ALLOW_RAW_SOCKETS, true)
 *         .persist(true)
 *         .build();
 * }</pre>
 */
public final class JailSpec {
    private final String name;
    private final JailParams params;
    private final World world;
    private final Network network;

    private JailSpec(Builder b) {
        this.world = b.world;
        this.network = b.network;
        JailParams given = b.params.build();
        JailParams.Builder p = JailParams.builder(SpecRules.CREATE, label(b.name, given));
        if (b.name != null) {
            p.set(JailParams.NAME, b.name);
        }
        // A vnet jail has its own stack: "no network" means no ip4/ip6 parameters, which the
        // kernel would refuse next to vnet.
        if (!(given.contains(JailParams.VNET) && b.network instanceof Network.Disabled)) {
            addNetwork(p, b.network);
        }
        p.setAll(given);
        this.params = p.build();
        this.name = params.find(JailParams.NAME).orElse(null);
        SpecRules.checkCreate(this);
    }

    private static void addNetwork(JailParams.Builder p, Network network) {
        if (network instanceof Network.Inherit) {
            p.set(JailParams.IP4, JailSys.INHERIT).set(JailParams.IP6, JailSys.INHERIT);
        } else if (network instanceof Network.Disabled) {
            p.set(JailParams.IP4, JailSys.DISABLE).set(JailParams.IP6, JailSys.DISABLE);
        } else if (network instanceof Network.Loopback l) {
            List<Inet4Address> v4 = l.addresses().stream()
                    .filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).toList();
            List<Inet6Address> v6 = l.addresses().stream()
                    .filter(Inet6Address.class::isInstance).map(Inet6Address.class::cast).toList();
            p.set(JailParams.IP4, v4.isEmpty() ? JailSys.DISABLE : JailSys.NEW);
            p.set(JailParams.IP6, v6.isEmpty() ? JailSys.DISABLE : JailSys.NEW);
            if (!v4.isEmpty()) {
                p.set(JailParams.IP4_ADDR, v4);
            }
            if (!v6.isEmpty()) {
                p.set(JailParams.IP6_ADDR, v6);
            }
        }
    }

    /** A spec for a jail named {@code name} (a JID is allocated when the jail is created). */
    public static Builder builder(String name) {
        return new Builder(Objects.requireNonNull(name, "name"));
    }

    /** A spec with no name: the kernel names the jail after its JID. */
    public static Builder unnamed() {
        return new Builder(null);
    }

    /** The jail's name, or null when the kernel is to name it after the JID. */
    public String name() {
        return name;
    }

    /** Kernel and pseudo-parameters, in the order given; the network's addresses included. */
    public JailParams params() {
        return params;
    }

    /** Only the parameters jail_set takes (no jail(8) pseudo-parameters). */
    public JailParams kernelParams() {
        return params.filter(p -> !p.isPseudo());
    }

    public World world() {
        return world;
    }

    public Network network() {
        return network;
    }

    /** Whether the jail is to persist without processes. */
    public boolean persist() {
        return params.find(JailParams.PERSIST).orElse(false);
    }

    /** How the jail is named in messages: its name, or {@code #jid}, or null. */
    String label() {
        return label(name, params);
    }

    private static String label(String name, JailParams params) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return params.find(JailParams.NAME).orElse(params.find(JailParams.JID).map(j -> "#" + j).orElse(null));
    }

    @Override
    public String toString() {
        return "JailSpec[" + label() + " " + params + " " + world + " " + network + "]";
    }

    /** Collects a spec; {@link #build()} validates it. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final JailParams.Builder params;
        private World world = World.existing();
        private Network network = Network.disabled();

        private Builder(String name) {
            this.name = name;
            this.params = JailParams.builder(SpecRules.CREATE, name == null || name.isEmpty() ? null : name);
        }

        public Builder path(Path path) {
            params.set(JailParams.PATH, path.toString());
            return this;
        }

        public Builder hostname(String hostname) {
            params.set(JailParams.HOST_HOSTNAME, hostname);
            return this;
        }

        public Builder jid(int jid) {
            params.set(JailParams.JID, jid);
            return this;
        }

        public Builder persist(boolean persist) {
            params.set(JailParams.PERSIST, persist);
            return this;
        }

        public Builder world(World world) {
            this.world = Objects.requireNonNull(world, "world");
            return this;
        }

        public Builder network(Network network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        public <T> Builder set(JailParam<T> param, T value) {
            params.set(param, value);
            return this;
        }

        /**
         * A parameter as jail(8) takes it on the command line: {@code setText("allow.nomount", null)},
         * {@code setText("ip4.addr", "10.0.0.1,10.0.0.2")}. Unknown names are refused.
         */
        public Builder setText(String paramName, String text) {
            params.setText(paramName, text);
            return this;
        }

        public Builder setAll(JailParams values) {
            params.setAll(values);
            return this;
        }

        /** Validates and returns the spec; {@link InvalidParamException} names the first broken rule. */
        public JailSpec build() {
            return new JailSpec(this);
        }
    }
}
