package org.jail4j;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * How a jail reaches the network. Conflicts (an address already in use, an interface name
 * taken) are refused before anything changes.
 */
public sealed interface Network permits Network.Inherit, Network.Loopback, Network.Disabled {
    /** The host's network, all of it ({@code ip4=inherit ip6=inherit}). */
    static Network inherit() {
        return Inherit.INSTANCE;
    }

    /**
     * An internal jail: only loopback, holding the given 127.0.0.0/8 (or ::1) addresses, which
     * become {@code ip4.addr}/{@code ip6.addr}.
     */
    static Network loopback(String... addresses) {
        return new Loopback(List.of(addresses).stream()
                .map(a -> Codecs.literal("ip4.addr", a, a.indexOf(':') >= 0 ? 16 : 4))
                .toList());
    }

    /** No network at all ({@code ip4=disable ip6=disable}). */
    static Network disabled() {
        return Disabled.INSTANCE;
    }

    /** The host's stack. */
    final class Inherit implements Network {
        static final Inherit INSTANCE = new Inherit();

        private Inherit() {
        }

        @Override
        public String toString() {
            return "Network.inherit()";
        }
    }

    /** Loopback-only, with the jail's addresses. */
    record Loopback(List<InetAddress> addresses) implements Network {
        public Loopback {
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
            for (InetAddress a : addresses) {
                if (!a.isLoopbackAddress()) {
                    throw new InvalidParamException(null, null, a.getAddress().length == 4 ? "ip4.addr" : "ip6.addr",
                            "a loopback network takes loopback addresses, not " + a.getHostAddress());
                }
            }
        }
    }

    /** No addresses of either family. */
    final class Disabled implements Network {
        static final Disabled INSTANCE = new Disabled();

        private Disabled() {
        }

        @Override
        public String toString() {
            return "Network.disabled()";
        }
    }
}
