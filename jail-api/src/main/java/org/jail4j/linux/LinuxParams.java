package org.jail4j.linux;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jail4j.InvalidParamException;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.JailSys;
import org.jail4j.Prison;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.Os;

/**
 * How FreeBSD's parameters map onto Linux (DESIGN.md, "Linux: how each parameter maps"): which
 * namespaces a jail gets, which {@code allow.*} the launcher enforces, which parameters are only
 * stored and reported, and the jail_get view of a jail.
 */
final class LinuxParams {
    /** {@code allow.*} parameters the launcher enforces, with the word its {@code --allow} list uses. */
    static final Map<JailParam<Boolean>, String> ENFORCED_ALLOW = enforcedAllow();

    /** Parameters stored and reported with no effect on Linux, and why. */
    static final Map<String, String> UNSUPPORTED = unsupported();

    /** Parameters of FreeBSD modules this engine does not have, absent as on a kernel without them. */
    private static final Set<String> ABSENT = Set.of("linux", "linux.osname", "linux.osrelease",
            "linux.oss_version", "zfs", "zfs.mount_snapshot", "mac.label", "cpuset.id");

    private LinuxParams() {
    }

    private static Map<JailParam<Boolean>, String> enforcedAllow() {
        Map<JailParam<Boolean>, String> m = new LinkedHashMap<>();
        m.put(JailParams.ALLOW_SET_HOSTNAME, "set_hostname");
        m.put(JailParams.ALLOW_RAW_SOCKETS, "raw_sockets");
        m.put(JailParams.ALLOW_CHFLAGS, "chflags");
        m.put(JailParams.ALLOW_MLOCK, "mlock");
        m.put(JailParams.ALLOW_SOCKET_AF, "socket_af");
        m.put(JailParams.ALLOW_MOUNT, "mount");
        m.put(JailParams.ALLOW_MOUNT_TMPFS, "mount.tmpfs");
        // Any other allow.mount.<fs> lets mount act too: the filter cannot tell the types apart.
        for (JailParam<Boolean> fs : List.of(JailParams.ALLOW_MOUNT_DEVFS, JailParams.ALLOW_MOUNT_FDESCFS,
                JailParams.ALLOW_MOUNT_FUSEFS, JailParams.ALLOW_MOUNT_LINPROCFS, JailParams.ALLOW_MOUNT_LINSYSFS,
                JailParams.ALLOW_MOUNT_NULLFS, JailParams.ALLOW_MOUNT_PROCFS, JailParams.ALLOW_MOUNT_ZFS)) {
            m.put(fs, fs.name().substring("allow.".length()));
        }
        m.put(JailParams.ALLOW_SYSVIPC, "sysvipc");
        m.put(JailParams.ALLOW_SETTIME, "set_time");
        return m;
    }

    private static Map<String, String> unsupported() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("securelevel", "Linux has no securelevel; stored and reported only");
        m.put("osrelease", "uname -r inside is the host kernel's; stored and reported only");
        m.put("osreldate", "Linux has no osreldate; stored and reported only");
        m.put("devfs_ruleset", "the jail's /dev is a fixed minimal set (null, zero, full, random, urandom, tty, "
                + "ptmx, pts, shm); the ruleset number is stored and reported only");
        m.put("host.hostid", "Linux has no per-namespace hostid; stored and reported only");
        m.put("host.hostuuid", "Linux has no per-namespace host UUID; stored and reported only");
        m.put("enforce_statfs", "the jail's own mount namespace always shows only its own mounts, as 2 does, "
                + "but /proc/self/mountinfo names the host directory its root is bound from (a bind mount's root "
                + "field); the value also decides whether allow.mount may act (below 2)");
        m.put("children.max", "nested jails are made from the host; from inside, 0 denies setns and any namespace "
                + "of its own, above 0 allows them (the count is not enforced)");
        m.put("ip4.saddrsel", "source address selection is the kernel's own; stored and reported only");
        m.put("ip6.saddrsel", "source address selection is the kernel's own; stored and reported only");
        m.put("meta", "metadata: stored and reported, as on FreeBSD");
        m.put("env", "stored and reported; not readable from inside the jail");
        for (JailParam<?> p : JailParams.all()) {
            if (p.name().startsWith("allow.") && p.isBoolean() && !ENFORCED_ALLOW.containsKey(p)) {
                m.put(p.name(), "no Linux capability or seccomp rule maps it; stored and reported only");
            }
        }
        return m;
    }

    /** Every kernel parameter this engine knows, in the catalogue's order. */
    static List<JailParam<?>> known() {
        return JailParams.all().stream().filter(p -> !p.isPseudo() && !ABSENT.contains(p.name())).toList();
    }

    /** The namespaces a jail with {@code p} unshares, in the launcher's spelling. */
    static List<String> namespaces(JailParams p) {
        List<String> ns = new ArrayList<>(List.of("mnt", "pid", "cgroup"));
        if (p.find(JailParams.HOST).orElse(JailSys.NEW) != JailSys.INHERIT) {
            ns.add("uts");
        }
        if (!sysvipc(p).equals("inherit")) {
            ns.add("ipc");
        }
        if (!inheritsNetwork(p)) {
            ns.add("net");
        }
        return ns;
    }

    /** ip4=inherit (and ip6 not restricted otherwise): the jail shares the host's network namespace. */
    static boolean inheritsNetwork(JailParams p) {
        return p.find(JailParams.IP4).orElse(JailSys.DISABLE) == JailSys.INHERIT
                && p.find(JailParams.VNET).orElse(JailSys.INHERIT) != JailSys.NEW
                && !p.contains(JailParams.IP4_ADDR) && !p.contains(JailParams.IP6_ADDR);
    }

    /** The SysV IPC kinds, each its own parameter. */
    static final List<JailParam<JailSys>> IPC_KINDS = List.of(JailParams.SYSVMSG, JailParams.SYSVSEM,
            JailParams.SYSVSHM);

    /** One kind's mode: its parameter, or inherit for all with the legacy allow.sysvipc. */
    static JailSys ipcKind(JailParams p, JailParam<JailSys> kind) {
        if (p.find(JailParams.ALLOW_SYSVIPC).orElse(false)) {
            return JailSys.INHERIT;
        }
        return p.find(kind).orElse(JailSys.DISABLE);
    }

    /** The IPC namespace: the host's when any kind is inherited, else the jail's own ("new"). */
    static String sysvipc(JailParams p) {
        return IPC_KINDS.stream().anyMatch(k -> ipcKind(p, k) == JailSys.INHERIT) ? "inherit" : "new";
    }

    /**
     * Refuses a kind set to new while another is inherited: Linux has one IPC namespace for all
     * kinds, so the new kind would see the host's objects, a weaker isolation than asked.
     */
    static void checkIpcKinds(JailParams p, String call, String label) {
        Optional<JailParam<JailSys>> fresh = IPC_KINDS.stream().filter(k -> ipcKind(p, k) == JailSys.NEW).findFirst();
        Optional<JailParam<JailSys>> inherited = IPC_KINDS.stream().filter(k -> ipcKind(p, k) == JailSys.INHERIT)
                .findFirst();
        if (fresh.isPresent() && inherited.isPresent()) {
            throw new InvalidParamException(call, label, fresh.get().name(), Errnos.name(Os.LINUX, 95),
                    fresh.get().name() + "=new with " + inherited.get().name()
                    + "=inherit: Linux has one IPC namespace for all SysV IPC kinds, so "
                    + fresh.get().name() + " would share the host's");
        }
    }

    /** The jail's ip4 or ip6: as set, else new with addresses of that family, else disable (as FreeBSD). */
    static JailSys ipMode(JailParams p, JailParam<JailSys> family) {
        JailParam<?> addrs = family == JailParams.IP4 ? JailParams.IP4_ADDR : JailParams.IP6_ADDR;
        return p.find(family).orElse(p.contains(addrs) ? JailSys.NEW : JailSys.DISABLE);
    }

    /** The launcher's {@code --allow} list: the enforced allow.* that are on. */
    static String allowList(JailParams p) {
        return ENFORCED_ALLOW.entrySet().stream()
                .filter(e -> p.find(e.getKey()).orElseGet(() -> e.getKey().defaultValue().orElse(false)))
                .map(Map.Entry::getValue).collect(Collectors.joining(","));
    }

    /**
     * The jail's loopback addresses as the launcher's {@code --lo-addr} takes them, without
     * 127.0.0.1 and ::1, which {@code lo} holds as soon as it is up.
     */
    static List<String> loopbackAddresses(JailParams p) {
        List<String> out = new ArrayList<>();
        for (Inet4Address a : p.find(JailParams.IP4_ADDR).orElse(List.of())) {
            if (!a.getHostAddress().equals("127.0.0.1")) {
                out.add(a.getHostAddress() + "/32");
            }
        }
        for (Inet6Address a : p.find(JailParams.IP6_ADDR).orElse(List.of())) {
            if (!a.isLoopbackAddress()) {
                out.add(a.getHostAddress() + "/128");
            }
        }
        return out;
    }

    /**
     * The jail as jail_get reports it: every known parameter, the value set or else the
     * kernel's default, in catalogue order.
     */
    static Prison prison(JailRecord r, boolean dying, int parent, int childrenCur) {
        JailParams.Builder b = JailParams.builder();
        JailParams set = r.params();
        for (JailParam<?> p : known()) {
            Object v = value(p, r, set, dying, parent, childrenCur);
            if (v != null) {
                put(b, p, v);
            }
        }
        return new Prison(r.jid(), r.name(), b.build());
    }

    private static Object value(JailParam<?> p, JailRecord r, JailParams set, boolean dying, int parent,
                                int childrenCur) {
        switch (p.name()) {
            case "jid":
                return r.jid();
            case "name":
                return r.name();
            case "parent":
                return parent;
            case "path":
                return r.root();
            case "dying":
                return dying;
            case "children.cur":
                return childrenCur;
            case "host.hostname":
            case "host.domainname":
                if (!r.namespaces().contains("uts")) {
                    // host=inherit: the host's own names, as they are now.
                    return p.name().equals("host.hostname") ? HostNames.hostname() : HostNames.domainname();
                }
                break;
            case "ip4":
            case "ip6":
                // FreeBSD 13.2 reads back 0 for every restricted jail; only inherit reads as itself.
                return set.find(p).map(v -> v == JailSys.INHERIT).orElse(false) ? JailSys.INHERIT : JailSys.DISABLE;
            case "ip4.addr":
            case "ip6.addr":
                return kernelOrder(set.find(p).map(v -> (List<?>) v).orElse(List.of()));
            default:
                break;
        }
        if (set.contains(p)) {
            return set.find(p).orElseThrow();
        }
        Object def = p.defaultValue().orElse(null);
        return def != null ? def : hostDefault(p.name());
    }

    /** Defaults FreeBSD inherits from the host, in their Linux form. */
    private static Object hostDefault(String name) {
        switch (name) {
            case "securelevel":
                return -1;
            case "osrelease":
                return System.getProperty("os.version");
            case "osreldate":
                return osreldate(System.getProperty("os.version"));
            case "devfs_ruleset":
                return 0;
            case "meta":
            case "env":
                return Map.of();
            default:
                return null;
        }
    }

    /** The kernel release as a FreeBSD-style number: 6.18.44 gives 618044. */
    static int osreldate(String release) {
        String[] f = release.split("[^0-9]+");
        int major = f.length > 0 && !f[0].isEmpty() ? Integer.parseInt(f[0]) : 0;
        int minor = f.length > 1 ? Integer.parseInt(f[1]) : 0;
        int patch = f.length > 2 ? Integer.parseInt(f[2]) : 0;
        return Math.max(1, major * 100000 + minor * 1000 + Math.min(patch, 999));
    }

    /** FreeBSD keeps the first address first and sorts the rest. */
    private static List<Object> kernelOrder(List<?> addrs) {
        if (addrs.size() < 2) {
            return List.copyOf(addrs);
        }
        List<Object> rest = new ArrayList<>(addrs.subList(1, addrs.size()));
        rest.sort(Comparator.comparing(a -> new java.math.BigInteger(1, ((InetAddress) a).getAddress())));
        List<Object> out = new ArrayList<>();
        out.add(addrs.get(0));
        out.addAll(rest);
        return out;
    }

    private static <T> void put(JailParams.Builder b, JailParam<T> p, Object v) {
        b.set(p, p.cast(v));
    }
}
