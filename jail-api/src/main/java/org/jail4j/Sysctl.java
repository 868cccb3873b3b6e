package org.jail4j;

/**
 * Typed sysctl(3) reads: the {@code security.jail.*} knobs as constants, and any MIB by name
 * typed by the kernel's own format. On an engine without sysctl (Linux) every read is a
 * {@link JailException} with ENOTSUP.
 *
 * <pre>{@code
 * boolean jailed = Sysctl.get(Sysctl.SECURITY_JAIL_JAILED) != 0;
 * Object anything = Sysctl.get(JailHost.local(), "kern.osrelease");
 * }</pre>
 */
public final class Sysctl {
    /** 1 when the caller runs inside a jail. */
    public static final SysctlMib<Integer> SECURITY_JAIL_JAILED = SysctlMib.integer("security.jail.jailed");
    /** 1 when the caller's jail has its own vnet. */
    public static final SysctlMib<Integer> SECURITY_JAIL_VNET = SysctlMib.integer("security.jail.vnet");
    /** How many child jails the caller's jail may have. */
    public static final SysctlMib<Integer> SECURITY_JAIL_CHILDREN_MAX = SysctlMib.integer("security.jail.children.max");
    /** How many child jails the caller's jail has. */
    public static final SysctlMib<Integer> SECURITY_JAIL_CHILDREN_CUR = SysctlMib.integer("security.jail.children.cur");
    /** Default enforce_statfs for jail(2) (deprecated). */
    public static final SysctlMib<Integer> SECURITY_JAIL_ENFORCE_STATFS =
            SysctlMib.integer("security.jail.enforce_statfs");
    /** The caller's devfs ruleset (deprecated). */
    public static final SysctlMib<Integer> SECURITY_JAIL_DEVFS_RULESET =
            SysctlMib.integer("security.jail.devfs_ruleset");
    /** Addresses per family a jail may have (deprecated). */
    public static final SysctlMib<Integer> SECURITY_JAIL_JAIL_MAX_AF_IPS =
            SysctlMib.integer("security.jail.jail_max_af_ips");
    /** Largest meta/env buffer in bytes (FreeBSD 15). */
    public static final SysctlMib<Integer> SECURITY_JAIL_META_MAXBUFSIZE =
            SysctlMib.integer("security.jail.meta_maxbufsize");
    /** The calling jail's env parameter as its parent set it (FreeBSD 15). */
    public static final SysctlMib<String> SECURITY_JAIL_ENV = SysctlMib.string("security.jail.env");

    // The deprecated defaults for jail(2); inside a jail they report the jail's own setting.
    public static final SysctlMib<Integer> SECURITY_JAIL_SET_HOSTNAME_ALLOWED =
            SysctlMib.integer("security.jail.set_hostname_allowed");
    public static final SysctlMib<Integer> SECURITY_JAIL_SOCKET_UNIXIPROUTE_ONLY =
            SysctlMib.integer("security.jail.socket_unixiproute_only");
    public static final SysctlMib<Integer> SECURITY_JAIL_SYSVIPC_ALLOWED =
            SysctlMib.integer("security.jail.sysvipc_allowed");
    public static final SysctlMib<Integer> SECURITY_JAIL_ALLOW_RAW_SOCKETS =
            SysctlMib.integer("security.jail.allow_raw_sockets");
    public static final SysctlMib<Integer> SECURITY_JAIL_CHFLAGS_ALLOWED =
            SysctlMib.integer("security.jail.chflags_allowed");
    public static final SysctlMib<Integer> SECURITY_JAIL_MOUNT_ALLOWED =
            SysctlMib.integer("security.jail.mount_allowed");
    public static final SysctlMib<Integer> SECURITY_JAIL_MLOCK_ALLOWED =
            SysctlMib.integer("security.jail.mlock_allowed");
    public static final SysctlMib<Integer> SECURITY_JAIL_MOUNT_DEVFS_ALLOWED =
            SysctlMib.integer("security.jail.mount_devfs_allowed");

    private Sysctl() {
    }

    /** The value of {@code mib} on the local host. */
    public static <T> T get(SysctlMib<T> mib) {
        return get(JailHost.local(), mib);
    }

    /** The value of {@code mib} through {@code host}'s engine; a JailException when the kernel's type differs. */
    public static <T> T get(JailHost host, SysctlMib<T> mib) {
        Object v = host.sysctl(mib.name());
        if (!mib.type().isInstance(v)) {
            throw new JailException("sysctl", null, mib.name(), null, "the kernel's value is a "
                    + v.getClass().getSimpleName() + ", not a " + mib.type().getSimpleName(), null);
        }
        return mib.type().cast(v);
    }

    /** Any MIB by name, typed by the kernel's format (Integer, Long, String or byte[]). */
    public static Object get(JailHost host, String name) {
        return host.sysctl(name);
    }
}
