package org.jail4j;

import static org.jail4j.JailParam.Access.CREATE_ONLY;
import static org.jail4j.JailParam.Access.READ_ONLY;
import static org.jail4j.JailParam.Access.SETTABLE;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The catalogue of jail parameters (every kernel parameter of FreeBSD's {@code kern_jail.c} and
 * its modules, and jail(8)'s pseudo-parameters kept apart), and an ordered, immutable set of
 * parameter values.
 *
 * <pre>{@code
 * JailParams p = JailParams.builder()
 *         .set(JailParams.HOST_HOSTNAME, "www.example.org")
 *         .set(JailParams.PERSIST, true)
 *         .build();
 * }</pre>
 */
public final class JailParams {
    private static final Map<String, JailParam<?>> CATALOGUE = new LinkedHashMap<>();

    // ---- identity ------------------------------------------------------------------------------
    public static final JailParam<Integer> JID = kernel("jid", ParamFormat.INT, CREATE_ONLY, null,
            "jail ID, 1..999999; 0 or absent allocates one", Validators.JID);
    public static final JailParam<String> NAME = string("name", SETTABLE, 256, null,
            "the jail's name; dots make it hierarchical", Validators.NAME);
    public static final JailParam<Integer> PARENT = kernel("parent", ParamFormat.INT, READ_ONLY, null,
            "JID of the parent jail (0: the caller's own)", null);
    public static final JailParam<String> PATH = string("path", CREATE_ONLY, 1024, null,
            "the jail's root directory, absolute", Validators.PATH);
    public static final JailParam<Boolean> DYING = kernel("dying", ParamFormat.BOOL, READ_ONLY, null,
            "the jail is being removed", null);
    public static final JailParam<Boolean> PERSIST = kernel("persist", ParamFormat.BOOL, SETTABLE, false,
            "the jail exists without processes", null);

    // ---- security ------------------------------------------------------------------------------
    public static final JailParam<Integer> SECURELEVEL = kernel("securelevel", ParamFormat.INT, SETTABLE, null,
            "kern.securelevel inside; never below the parent's", Validators.SECURELEVEL);
    public static final JailParam<Integer> OSRELDATE = kernel("osreldate", ParamFormat.INT, CREATE_ONLY, null,
            "kern.osreldate inside; 0 is refused", Validators.OSRELDATE);
    public static final JailParam<String> OSRELEASE = string("osrelease", CREATE_ONLY, 32, null,
            "kern.osrelease inside (uname -r)", null);
    public static final JailParam<Integer> ENFORCE_STATFS = kernel("enforce_statfs", ParamFormat.INT, SETTABLE, 2,
            "mounts visible: 0 all, 1 under the root, 2 only the root's", Validators.ENFORCE_STATFS);
    public static final JailParam<Integer> DEVFS_RULESET = kernel("devfs_ruleset", ParamFormat.INT, SETTABLE, null,
            "devfs ruleset for devfs mounts in the jail, 0..65535", Validators.DEVFS_RULESET);
    public static final JailParam<Integer> CHILDREN_MAX = kernel("children.max", ParamFormat.INT, SETTABLE, 0,
            "how many descendant jails it may create", Validators.CHILDREN_MAX);
    public static final JailParam<Integer> CHILDREN_CUR = kernel("children.cur", ParamFormat.INT, READ_ONLY, null,
            "how many descendant jails it has", null);
    public static final JailParam<Integer> CPUSET_ID = kernel("cpuset.id", ParamFormat.INT, READ_ONLY, null,
            "the jail's root cpuset", null);

    // ---- host ----------------------------------------------------------------------------------
    public static final JailParam<JailSys> HOST = kernel("host", ParamFormat.JAILSYS, SETTABLE, JailSys.NEW,
            "own hostname (new) or the parent's (inherit); disable is refused", Validators.NO_DISABLE);
    public static final JailParam<String> HOST_HOSTNAME = string("host.hostname", SETTABLE, 256, "",
            "kern.hostname inside", null);
    public static final JailParam<String> HOST_DOMAINNAME = string("host.domainname", SETTABLE, 256, "",
            "NIS domain name inside", null);
    public static final JailParam<String> HOST_HOSTUUID = string("host.hostuuid", SETTABLE, 64,
            "00000000-0000-0000-0000-000000000000", "kern.hostuuid inside", null);
    public static final JailParam<Long> HOST_HOSTID = kernel("host.hostid", ParamFormat.ULONG, SETTABLE, 0L,
            "kern.hostid inside", null);

    // ---- network -------------------------------------------------------------------------------
    public static final JailParam<JailSys> VNET = kernel("vnet", ParamFormat.JAILSYS, CREATE_ONLY, JailSys.INHERIT,
            "own network stack (new, VIMAGE kernels) or the host's; disable is refused", Validators.NO_DISABLE);
    public static final JailParam<JailSys> IP4 = kernel("ip4", ParamFormat.JAILSYS, CREATE_ONLY, JailSys.DISABLE,
            "IPv4: inherit the host's, new (only ip4.addr) or disable", null);
    public static final JailParam<List<Inet4Address>> IP4_ADDR = kernel("ip4.addr", ParamFormat.IN_ADDR_ARRAY,
            SETTABLE, List.of(), "IPv4 addresses; the first is the primary", Validators.ADDRESSES);
    public static final JailParam<Boolean> IP4_SADDRSEL = kernel("ip4.saddrsel", ParamFormat.BOOL, SETTABLE, true,
            "source address selection instead of always the primary", null);
    public static final JailParam<JailSys> IP6 = kernel("ip6", ParamFormat.JAILSYS, CREATE_ONLY, JailSys.DISABLE,
            "IPv6: inherit the host's, new (only ip6.addr) or disable", null);
    public static final JailParam<List<Inet6Address>> IP6_ADDR = kernel("ip6.addr", ParamFormat.IN6_ADDR_ARRAY,
            SETTABLE, List.of(), "IPv6 addresses; the first is the primary", Validators.ADDRESSES);
    public static final JailParam<Boolean> IP6_SADDRSEL = kernel("ip6.saddrsel", ParamFormat.BOOL, SETTABLE, true,
            "source address selection instead of always the primary", null);

    // ---- allow.* -------------------------------------------------------------------------------
    public static final JailParam<Boolean> ALLOW_SET_HOSTNAME = allow("set_hostname", true, "may change its hostname");
    public static final JailParam<Boolean> ALLOW_SYSVIPC = allow("sysvipc", false,
            "legacy: all SysV IPC, as sysvmsg/sysvsem/sysvshm=inherit");
    public static final JailParam<Boolean> ALLOW_RAW_SOCKETS = allow("raw_sockets", false, "raw sockets (ping)");
    public static final JailParam<Boolean> ALLOW_CHFLAGS = allow("chflags", false, "root may change system file flags");
    public static final JailParam<Boolean> ALLOW_MOUNT = allow("mount", false,
            "mount jail-friendly file systems (needs enforce_statfs < 2)");
    public static final JailParam<Boolean> ALLOW_MOUNT_DEVFS = allow("mount.devfs", false, "mount devfs");
    public static final JailParam<Boolean> ALLOW_MOUNT_FDESCFS = allow("mount.fdescfs", false, "mount fdescfs");
    public static final JailParam<Boolean> ALLOW_MOUNT_FUSEFS = allow("mount.fusefs", false, "mount fusefs");
    public static final JailParam<Boolean> ALLOW_MOUNT_LINPROCFS = allow("mount.linprocfs", false, "mount linprocfs");
    public static final JailParam<Boolean> ALLOW_MOUNT_LINSYSFS = allow("mount.linsysfs", false, "mount linsysfs");
    public static final JailParam<Boolean> ALLOW_MOUNT_NULLFS = allow("mount.nullfs", false, "mount nullfs");
    public static final JailParam<Boolean> ALLOW_MOUNT_PROCFS = allow("mount.procfs", false, "mount procfs");
    public static final JailParam<Boolean> ALLOW_MOUNT_TMPFS = allow("mount.tmpfs", false, "mount tmpfs");
    public static final JailParam<Boolean> ALLOW_MOUNT_ZFS = allow("mount.zfs", false, "mount ZFS datasets");
    public static final JailParam<Boolean> ALLOW_QUOTAS = allow("quotas", false, "administer quotas");
    public static final JailParam<Boolean> ALLOW_SOCKET_AF = allow("socket_af", false,
            "socket families other than UNIX, INET, INET6, ROUTE and NETLINK");
    public static final JailParam<Boolean> ALLOW_MLOCK = allow("mlock", false, "mlock and munlock");
    public static final JailParam<Boolean> ALLOW_RESERVED_PORTS = allow("reserved_ports", true, "bind ports below 1024");
    public static final JailParam<Boolean> ALLOW_READ_MSGBUF = allow("read_msgbuf", false,
            "read the kernel message buffer");
    public static final JailParam<Boolean> ALLOW_UNPRIVILEGED_PROC_DEBUG = allow("unprivileged_proc_debug", true,
            "unprivileged ptrace and procctl debugging");
    public static final JailParam<Boolean> ALLOW_SUSER = allow("suser", true, "uid 0 inside keeps jail-restricted privilege");
    public static final JailParam<Boolean> ALLOW_NFSD = allow("nfsd", false, "run mountd and nfsd (vnet jails)");
    public static final JailParam<Boolean> ALLOW_EXTATTR = allow("extattr", false, "system-namespace extended attributes");
    public static final JailParam<Boolean> ALLOW_ADJTIME = allow("adjtime", false, "adjtime and ntp_adjtime");
    public static final JailParam<Boolean> ALLOW_SETTIME = allow("settime", false, "set the clock");
    public static final JailParam<Boolean> ALLOW_ROUTING = allow("routing", false, "change routes from a non-vnet jail");
    public static final JailParam<Boolean> ALLOW_UNPRIVILEGED_PARENT_TAMPERING = allow("unprivileged_parent_tampering",
            false, "unprivileged parent processes of the same uid may signal and debug jailed ones");
    public static final JailParam<Boolean> ALLOW_SETAUDIT = allow("setaudit", false, "get and set audit sessions");
    public static final JailParam<Boolean> ALLOW_VMM = allow("vmm", false, "use vmm(4)");

    // ---- SysV IPC, Linux ABI, ZFS, MAC, metadata ------------------------------------------------
    public static final JailParam<JailSys> SYSVMSG = kernel("sysvmsg", ParamFormat.JAILSYS, SETTABLE, JailSys.DISABLE,
            "SysV message queues: inherit, new namespace or disable", null);
    public static final JailParam<JailSys> SYSVSEM = kernel("sysvsem", ParamFormat.JAILSYS, SETTABLE, JailSys.DISABLE,
            "SysV semaphores: inherit, new namespace or disable", null);
    public static final JailParam<JailSys> SYSVSHM = kernel("sysvshm", ParamFormat.JAILSYS, SETTABLE, JailSys.DISABLE,
            "SysV shared memory: inherit, new namespace or disable", null);
    public static final JailParam<JailSys> LINUX = kernel("linux", ParamFormat.JAILSYS, SETTABLE, JailSys.INHERIT,
            "Linux ABI information (linux.ko)", null);
    public static final JailParam<String> LINUX_OSNAME = string("linux.osname", SETTABLE, 65, null,
            "Linux uname -s", null);
    public static final JailParam<String> LINUX_OSRELEASE = string("linux.osrelease", SETTABLE, 65, null,
            "Linux uname -r", null);
    public static final JailParam<Integer> LINUX_OSS_VERSION = kernel("linux.oss_version", ParamFormat.INT, SETTABLE,
            null, "Linux OSS version", null);
    public static final JailParam<JailSys> ZFS = kernel("zfs", ParamFormat.JAILSYS, SETTABLE, null,
            "ZFS node (OpenZFS)", null);
    public static final JailParam<Integer> ZFS_MOUNT_SNAPSHOT = kernel("zfs.mount_snapshot", ParamFormat.INT, SETTABLE,
            0, "mount .zfs snapshots of unjailed datasets", null);
    public static final JailParam<String> MAC_LABEL = string("mac.label", SETTABLE, -1, null,
            "MAC label (MAC kernels)", null);
    public static final JailParam<Map<String, String>> META = kernel("meta", ParamFormat.KEYVALUE, SETTABLE, null,
            "key=value metadata hidden from the jail", null);
    public static final JailParam<Map<String, String>> ENV = kernel("env", ParamFormat.KEYVALUE, SETTABLE, null,
            "key=value metadata readable inside (security.jail.env)", null);

    // ---- jail(8) pseudo-parameters: never sent to the kernel ---------------------------------------
    public static final JailParam<List<String>> EXEC_PREPARE = pseudo("exec.prepare", "host command before anything");
    public static final JailParam<List<String>> EXEC_PRESTART = pseudo("exec.prestart", "host command before create");
    public static final JailParam<List<String>> EXEC_CREATED = pseudo("exec.created", "host command after create");
    public static final JailParam<List<String>> EXEC_START = pseudo("exec.start", "command run inside at start");
    public static final JailParam<List<String>> COMMAND = pseudo("command", "like exec.start, argv run directly");
    public static final JailParam<List<String>> EXEC_POSTSTART = pseudo("exec.poststart", "host command after start");
    public static final JailParam<List<String>> EXEC_PRESTOP = pseudo("exec.prestop", "host command before stop");
    public static final JailParam<List<String>> EXEC_STOP = pseudo("exec.stop", "command run inside at stop");
    public static final JailParam<List<String>> EXEC_POSTSTOP = pseudo("exec.poststop", "host command after stop");
    public static final JailParam<List<String>> EXEC_RELEASE = pseudo("exec.release", "host command at the end");
    public static final JailParam<List<String>> EXEC_CLEAN = pseudo("exec.clean", "run commands in a clean environment");
    public static final JailParam<List<String>> EXEC_JAIL_USER = pseudo("exec.jail_user", "user for commands inside");
    public static final JailParam<List<String>> EXEC_SYSTEM_USER = pseudo("exec.system_user", "user for host commands");
    public static final JailParam<List<String>> EXEC_SYSTEM_JAIL_USER = pseudo("exec.system_jail_user",
            "look the jail user up on the host");
    public static final JailParam<List<String>> EXEC_TIMEOUT = pseudo("exec.timeout", "seconds a command may take");
    public static final JailParam<List<String>> EXEC_CONSOLELOG = pseudo("exec.consolelog", "file for command output");
    public static final JailParam<List<String>> EXEC_FIB = pseudo("exec.fib", "routing table for commands");
    public static final JailParam<List<String>> STOP_TIMEOUT = pseudo("stop.timeout", "seconds to wait at stop");
    public static final JailParam<List<String>> INTERFACE = pseudo("interface", "host interface for ip addresses");
    public static final JailParam<List<String>> VNET_INTERFACE = pseudo("vnet.interface",
            "interface moved into a vnet jail");
    public static final JailParam<List<String>> IP_HOSTNAME = pseudo("ip_hostname", "add host.hostname's addresses");
    public static final JailParam<List<String>> MOUNT = pseudo("mount", "an fstab line mounted at start");
    public static final JailParam<List<String>> MOUNT_FSTAB = pseudo("mount.fstab", "an fstab file mounted at start");
    public static final JailParam<List<String>> MOUNT_DEVFS = pseudo("mount.devfs", "mount devfs on path/dev");
    public static final JailParam<List<String>> MOUNT_FDESCFS = pseudo("mount.fdescfs", "mount fdescfs on /dev/fd");
    public static final JailParam<List<String>> MOUNT_PROCFS = pseudo("mount.procfs", "mount procfs on /proc");
    public static final JailParam<List<String>> DEPEND = pseudo("depend", "jails to start first");
    public static final JailParam<List<String>> ALLOW_DYING = pseudo("allow.dying", "allow changing a dying jail");
    public static final JailParam<List<String>> ZFS_DATASET = pseudo("zfs.dataset", "ZFS dataset attached to the jail");

    private final Map<JailParam<?>, Object> values;

    private JailParams(Map<JailParam<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    // ---- the catalogue ---------------------------------------------------------------------------

    /** Every catalogued parameter, kernel ones first, in declaration order. */
    public static List<JailParam<?>> all() {
        return List.copyOf(CATALOGUE.values());
    }

    /** The parameter named exactly {@code name} (kernel spelling, no {@code no} form). */
    public static Optional<JailParam<?>> lookup(String name) {
        return Optional.ofNullable(CATALOGUE.get(name));
    }

    /**
     * The parameter a name refers to, {@code no} forms included: {@code allow.nomount} resolves to
     * {@link #ALLOW_MOUNT} negated. Empty for an unknown name.
     */
    public static Optional<ParamName> resolve(String name) {
        JailParam<?> exact = CATALOGUE.get(name);
        if (exact != null) {
            return Optional.of(new ParamName(exact, false));
        }
        int dot = name.lastIndexOf('.');
        String last = name.substring(dot + 1);
        if (last.startsWith("no")) {
            JailParam<?> positive = CATALOGUE.get(name.substring(0, dot + 1) + last.substring(2));
            if (positive != null && positive.isBoolean()) {
                return Optional.of(new ParamName(positive, true));
            }
        }
        return Optional.empty();
    }

    /** A parameter name as written, resolved to its parameter and whether it was the {@code no} form. */
    public record ParamName(JailParam<?> param, boolean negated) {
        public ParamName {
            Objects.requireNonNull(param, "param");
        }
    }

    /**
     * A parameter from {@code host}'s kernel by name: the catalogue entry where the kernel's type
     * agrees, else one built from the type the kernel reports ({@code security.jail.param.*}).
     * An unknown name is an {@link InvalidParamException} naming it.
     */
    public static JailParam<?> discover(JailHost host, String name) {
        return host.paramType(name);
    }

    // ---- values ----------------------------------------------------------------------------------

    public static Builder builder() {
        return new Builder();
    }

    public static JailParams empty() {
        return new JailParams(Map.of());
    }

    /** The value of {@code p}, or empty when it is not in this set. */
    public <T> Optional<T> find(JailParam<T> p) {
        Object v = values.get(p);
        return v == null ? Optional.empty() : Optional.of(p.cast(v));
    }

    /** The value of {@code p}; {@link NoSuchElementException} naming it when absent. */
    public <T> T get(JailParam<T> p) {
        return find(p).orElseThrow(() -> new NoSuchElementException("no value for " + p.name()));
    }

    public boolean contains(JailParam<?> p) {
        return values.containsKey(p);
    }

    /** The parameters in the order they were set. */
    public List<JailParam<?>> params() {
        return List.copyOf(values.keySet());
    }

    public int size() {
        return values.size();
    }

    /** Visits each parameter with its value, in order. */
    public void forEach(BiConsumer<JailParam<?>, Object> action) {
        values.forEach(action);
    }

    /** A copy with {@code other}'s values added, later ones replacing earlier ones in place. */
    public JailParams with(JailParams other) {
        Map<JailParam<?>, Object> m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        return new JailParams(m);
    }

    /** The value of {@code p} as jls and jail.conf write it. */
    public String text(JailParam<?> p) {
        return textOf(p, values.get(p));
    }

    static <T> String textOf(JailParam<T> p, Object value) {
        return p.toText(p.cast(value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JailParams && ((JailParams) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("JailParams[");
        values.forEach((k, v) -> b.append(b.length() > 11 ? " " : "").append(k.name()).append('=').append(text(k)));
        return b.append(']').toString();
    }

    /** Builds an ordered set of values; each value is type-checked and validated as it is set. */
    public static final class Builder {
        private final Map<JailParam<?>, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        public <T> Builder set(JailParam<T> p, T value) {
            Objects.requireNonNull(p, "param");
            T v = p.cast(value);
            p.validate(v);
            values.put(p, v);
            return this;
        }

        /** Sets a value from text, resolving {@code no} forms ({@code allow.nomount} sets allow.mount false). */
        public Builder setText(String name, String text) {
            ParamName n = resolve(name).orElseThrow(() -> new InvalidParamException(null, null, name,
                    "unknown parameter: " + name));
            return setParsed(n, text);
        }

        /** Sets a value from text for a parameter that may not be catalogued (one discovered from the kernel). */
        public <T> Builder setText(JailParam<T> p, String text) {
            return set(p, p.fromText(text));
        }

        private Builder setParsed(ParamName n, String text) {
            if (n.negated()) {
                // allow.nomount alone means allow.mount=false; allow.nomount=0 means allow.mount=true.
                boolean v = text != null && !text.isEmpty() && !(Boolean) n.param().fromText(text);
                return setUnchecked(n.param(), v);
            }
            if (n.param().isBoolean() && (text == null || text.isEmpty())) {
                return setUnchecked(n.param(), true);
            }
            return setUnchecked(n.param(), n.param().fromText(text));
        }

        private <T> Builder setUnchecked(JailParam<T> p, Object value) {
            return set(p, p.cast(value));
        }

        public Builder remove(JailParam<?> p) {
            values.remove(p);
            return this;
        }

        public Builder setAll(JailParams other) {
            values.putAll(other.values);
            return this;
        }

        public JailParams build() {
            return new JailParams(values);
        }
    }

    // ---- catalogue construction ------------------------------------------------------------------

    private static <T> JailParam<T> kernel(String name, ParamFormat f, JailParam.Access a, T def, String doc,
                                           JailParam.Validator<T> v) {
        @SuppressWarnings("unchecked")
        Codec<T> c = (Codec<T>) Codecs.of(f);
        return register(new JailParam<>(name, f, a, -1, def, doc, c, v));
    }

    private static JailParam<String> string(String name, JailParam.Access a, int max, String def, String doc,
                                            JailParam.Validator<String> v) {
        return register(new JailParam<>(name, ParamFormat.STRING, a, max, def, doc, Codecs.STRING, v));
    }

    private static JailParam<Boolean> allow(String suffix, boolean def, String doc) {
        return kernel("allow." + suffix, ParamFormat.BOOL, SETTABLE, def, doc, null);
    }

    private static JailParam<List<String>> pseudo(String name, String doc) {
        return register(new JailParam<>(name, ParamFormat.PSEUDO, SETTABLE, -1, null, doc, Codecs.PSEUDO, null));
    }

    private static <T> JailParam<T> register(JailParam<T> p) {
        if (CATALOGUE.putIfAbsent(p.name(), p) != null) {
            throw new AssertionError("catalogued twice: " + p.name());
        }
        return p;
    }
}
