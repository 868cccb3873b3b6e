package org.jail4j.spi;

import java.util.Optional;
import java.util.stream.Stream;

import org.jail4j.HostCapabilities;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;
import org.jail4j.Prison;

/**
 * One implementation of FreeBSD's jail contract: the FreeBSD kernel itself, or Linux
 * namespaces. Everything above this interface is engine-neutral. Implementations are
 * thread-safe; every failure is a {@link JailException}.
 */
public interface Engine {
    /** "freebsd" or "linux". */
    String name();

    /** What this host supports. */
    HostCapabilities probe();

    /** Creates a jail (jail_set with JAIL_CREATE) and installs its world and network; the handle owns it. */
    Jail create(JailSpec spec);

    /**
     * Creates the jail, or when one of that name exists, changes it to match {@code spec} (jail -cm).
     * The handle owns the jail only when it was created.
     */
    default Jail createOrUpdate(JailSpec spec) {
        throw notSupported("create-or-update");
    }

    /** A non-owning handle on an existing jail, by name or JID. */
    Jail open(String nameOrJid);

    /** Changes settable parameters of an existing jail (JAIL_UPDATE). */
    Prison update(String nameOrJid, JailParams changes);

    /** One jail by name (hierarchical names with dots) or JID. */
    Optional<Prison> find(String nameOrJid, boolean includeDying);

    /** Every visible jail in JID order (jls), dying ones only when asked. */
    Stream<Prison> list(boolean includeDying);

    /** Removes a jail (jail_remove) and undoes its host changes. */
    void remove(String nameOrJid);

    /** Undoes whatever a crashed JVM left behind in the host state; returns how many jails were cleaned. */
    int reconcile();

    /** The type of a parameter as this kernel reports it (security.jail.param.* on FreeBSD). */
    JailParam<?> paramType(String name);

    /** A sysctl value by name, typed by the kernel's own format (Integer, Long, String or byte[]). */
    default Object sysctl(String name) {
        throw new JailException("sysctl", null, name, "ENOTSUP", "no sysctl on the " + name() + " engine", null);
    }

    /** rctl_add_rule: adds a complete rule such as {@code jail:www:maxproc:deny=100}. */
    default void rctlAdd(String rule) {
        throw notSupported("rctl_add_rule");
    }

    /** rctl_remove_rule: removes every rule matching a filter such as {@code jail:www:}. */
    default void rctlRemove(String filter) {
        throw notSupported("rctl_remove_rule");
    }

    /** rctl_get_rules: the rules matching a filter, as the kernel writes them, comma-separated. */
    default String rctlRules(String filter) {
        throw notSupported("rctl_get_rules");
    }

    /** rctl_get_racct: the resource usage of a subject such as {@code jail:www}, as {@code resource=value,...}. */
    default String rctlUsage(String filter) {
        throw notSupported("rctl_get_racct");
    }

    private JailException notSupported(String call) {
        return new JailException(call, null, null, "ENOTSUP", "not supported on the " + name() + " engine", null);
    }
}
