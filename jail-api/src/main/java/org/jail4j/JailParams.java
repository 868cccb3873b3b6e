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
import java.util.function.Predicate;

import org.jail4j.ffi.IovecList;

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
    /** The sysctl tree under which the kernel describes each parameter. */
    public static final String SYSCTL_PREFIX = "security.jail.param.";

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
            "kern.osrelease inside (uname -r)", Validators.OSRELEASE);
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
            SETTABLE, List.of(), "IPv4 addresses; the first is the primary", Validators.addresses());
    public static final JailParam<Boolean> IP4_SADDRSEL = kernel("ip4.saddrsel", ParamFormat.BOOL, SETTABLE, true,
            "source address selection instead of always the primary", null);
    public static final JailParam<JailSys> IP6 = kernel("ip6", ParamFormat.JAILSYS, CREATE_ONLY, JailSys.DISABLE,
            "IPv6: inherit the host's, new (only ip6.addr) or disable", null);
    public static final JailParam<List<Inet6Address>> IP6_ADDR = kernel("ip6.addr", ParamFormat.IN6_ADDR_ARRAY,
            SETTABLE, List.of(), "IPv6 addresses; the first is the primary", Validators.addresses());
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
    public static final JailParam<Boolean> ALLOW_RESERVED_PORTS = allow("reserved_ports", true,
            "bind ports below 1024");
    public static final JailParam<Boolean> ALLOW_READ_MSGBUF = allow("read_msgbuf", false,
            "read the kernel message buffer");
    public static final JailParam<Boolean> ALLOW_UNPRIVILEGED_PROC_DEBUG = allow("unprivileged_proc_debug", true,
            "unprivileged ptrace and procctl debugging");
    public static final JailParam<Boolean> ALLOW_SUSER = allow("suser", true,
            "uid 0 inside keeps jail-restricted privilege");
    public static final JailParam<Boolean> ALLOW_NFSD = allow("nfsd", false, "run mountd and nfsd (vnet jails)");
    public static final JailParam<Boolean> ALLOW_EXTATTR = allow("extattr", false,
            "system-namespace extended attributes");
    public static final JailParam<Boolean> ALLOW_ADJTIME = allow("adjtime", false, "adjtime and ntp_adjtime");
    public static final JailParam<Boolean> ALLOW_SETTIME = allow("settime", false, "set the clock");
    public static final JailParam<Boolean> ALLOW_ROUTING = allow("routing", false,
            "change routes from a non-vnet jail");
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
    public static final JailParam<String> MAC_LABEL = kernel("mac.label", ParamFormat.MAC, SETTABLE, null,
            "MAC label (MAC kernels); its text only: jail4j cannot send a struct mac", null);
    public static final JailParam<Map<String, String>> META = keyValue("meta",
            "key=value metadata hidden from the jail");
    public static final JailParam<Map<String, String>> ENV = keyValue("env",
            "key=value metadata readable inside (security.jail.env)");

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
    public static final JailParam<List<String>> EXEC_CLEAN = pseudo("exec.clean",
            "run commands in a clean environment");
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

    /**
     * The parameter behind one {@code security.jail.param.*} leaf as the running kernel
     * describes it: {@code oidName} (with or without the prefix; a trailing dot marks the
     * empty-named leaf of a node, so {@code ip4.} is {@code ip4}), its {@code kind}
     * (CTLFLAG_* bits, see {@link JailParam.Access#ofSysctlKind}), its format string and, for
     * strings, the maximum length the OID's value gives. The catalogue's entry when it agrees,
     * else one built from the kernel's description; empty for a format jail4j does not know
     * (a node, {@code N}). For the engines' discovery.
     */
    public static Optional<JailParam<?>> fromSysctl(String oidName, int kind, String format, int maxLength) {
        String name = oidName.startsWith(SYSCTL_PREFIX) ? oidName.substring(SYSCTL_PREFIX.length()) : oidName;
        String param = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        Optional<ParamFormat> f = ParamFormat.ofSysctl(format);
        if (f.isEmpty() || param.isEmpty()) {
            return Optional.empty();
        }
        JailParam.Access access = JailParam.Access.ofSysctlKind(kind);
        boolean sized = f.get() == ParamFormat.STRING || f.get() == ParamFormat.KEYVALUE;
        JailParam<?> known = CATALOGUE.get(param);
        if (known != null && known.format() == f.get() && known.access() == access
                && (!sized || known.maxLength() == maxLength)) {
            return Optional.of(known);
        }
        return Optional.of(JailParam.discovered(param, f.get(), access, sized ? maxLength : -1));
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

    /**
     * A builder for any set of values, read-only ones included (what jail_get reports); its
     * failures name no call or jail.
     */
    public static Builder builder() {
        return new Builder(null, null);
    }

    /**
     * A builder for the parameters of one operation on one jail: {@code call} is
     * {@code "create"} or {@code "update"}, {@code jail} the jail's name (or {@code #jid}, or null
     * before it has one). Read-only parameters are refused, and on update create-only ones too;
     * every failure names the call and the jail:
     * {@code update www: path: EINVAL: cannot be changed after creation}.
     */
    public static Builder builder(String call, String jail) {
        if (!SpecRules.CREATE.equals(call) && !SpecRules.UPDATE.equals(call)) {
            throw new IllegalArgumentException("call must be create or update, not " + call);
        }
        return new Builder(call, jail);
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

    /**
     * Adds every value, in order, to a jail_set list as {@link JailParam#addTo} does; a
     * pseudo-parameter is refused (use {@link JailSpec#kernelParams()}). For the engines.
     */
    public void addTo(IovecList iov) {
        values.forEach((p, v) -> addValue(iov, p, v));
    }

    private static <T> void addValue(IovecList iov, JailParam<T> p, Object value) {
        p.addTo(iov, p.cast(value));
    }

    /** The values of the parameters {@code keep} accepts, in order. */
    public JailParams filter(Predicate<JailParam<?>> keep) {
        Map<JailParam<?>, Object> m = new LinkedHashMap<>();
        values.forEach((p, v) -> {
            if (keep.test(p)) {
                m.put(p, v);
            }
        });
        return new JailParams(m);
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

    /**
     * Builds an ordered set of values; each value is type-checked and validated as it is set,
     * and a failure is an {@link InvalidParamException} naming the builder's call and jail.
     */
    public static final class Builder {
        private final Map<JailParam<?>, Object> values = new LinkedHashMap<>();
        private final String call;
        private final String jail;

        private Builder(String call, String jail) {
            this.call = call;
            this.jail = jail;
        }

        public <T> Builder set(JailParam<T> p, T value) {
            Objects.requireNonNull(p, "param");
            return inContext(() -> {
                admit(p);
                T v = p.cast(value);
                p.validate(v);
                values.put(p, v);
            });
        }

        /**
         * Sets a value from text as jail(8) takes it, resolving {@code no} forms:
         * {@code setText("allow.nomount", null)} sets allow.mount false. A boolean without text
         * is true; other parameters without text get the empty text ({@code vnet} alone is
         * {@code vnet=new}, as in jail.conf). An unknown name is refused:
         * {@code unknown parameter: foo.bar}.
         */
        public Builder setText(String name, String text) {
            Objects.requireNonNull(name, "name");
            return inContext(() -> setParsed(resolve(name).orElseThrow(() -> new InvalidParamException(null, null,
                    name, "unknown parameter: " + name)), text));
        }

        /** Sets a value from text for a parameter that may not be catalogued (one discovered from the kernel). */
        public <T> Builder setText(JailParam<T> p, String text) {
            Objects.requireNonNull(p, "param");
            return inContext(() -> set(p, p.fromText(text == null ? "" : text)));
        }

        private void setParsed(ParamName n, String text) {
            JailParam<?> p = n.param();
            boolean noText = text == null || text.isEmpty();
            if (p.isBoolean()) {
                boolean v = noText || (Boolean) p.fromText(text);
                setUnchecked(p, n.negated() != v);
            } else {
                setUnchecked(p, p.fromText(noText ? "" : text));
            }
        }

        private <T> void setUnchecked(JailParam<T> p, Object value) {
            set(p, p.cast(value));
        }

        public Builder remove(JailParam<?> p) {
            values.remove(p);
            return this;
        }

        /** Adds every value of {@code other} (already validated), subject to this builder's call. */
        public Builder setAll(JailParams other) {
            return inContext(() -> other.values.forEach((p, v) -> {
                admit(p);
                values.put(p, v);
            }));
        }

        public JailParams build() {
            return new JailParams(values);
        }

        /** The access rules of this builder's call: nothing for a plain builder. */
        private void admit(JailParam<?> p) {
            if (call != null) {
                SpecRules.checkAccess(call, jail, p);
            }
        }

        /** Runs {@code step}, giving any validation failure this builder's call and jail. */
        private Builder inContext(Runnable step) {
            try {
                step.run();
            } catch (InvalidParamException e) {
                throw e.withContext(call, jail);
            }
            return this;
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

    /** {@code meta}/{@code env}: security.jail.meta_maxbufsize is 4096 by default. */
    private static JailParam<Map<String, String>> keyValue(String name, String doc) {
        return register(new JailParam<>(name, ParamFormat.KEYVALUE, SETTABLE, 4096, null, doc, Codecs.KEYVALUE,
                Validators.KEYVALUE));
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
