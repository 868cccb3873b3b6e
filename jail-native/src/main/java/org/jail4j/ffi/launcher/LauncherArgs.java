package org.jail4j.ffi.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Command lines for {@code jail4j-launcher}, as {@code src/main/c/launcher/PROTOCOL.md} defines
 * them, for {@link ProcessBuilder}. Non-API: used by the Linux engine.
 *
 * <pre>{@code
 * List<String> keeper = LauncherArgs.keeper(LauncherBinary.system().path())
 *         .name("www").jid(3).root(Path.of("/jails/www")).readyFd(1)
 *         .namespaces(EnumSet.of(Namespace.UTS, Namespace.NET))
 *         .hostname("www.example").loAddr("10.0.0.3/32").allow("raw_sockets").persist(true)
 *         .build();
 * List<String> exec = LauncherArgs.exec(binary).pid(keeperHostPid)
 *         .namespaces(EnumSet.of(Namespace.UTS, Namespace.NET)).user("www").dir("/srv")
 *         .env("LANG", "C.UTF-8").command(List.of("/bin/sh", "-c", "echo hi")).build();
 * }</pre>
 *
 * <p>Each setter checks its value against what the launcher accepts, so a bad value fails here with
 * an {@link IllegalArgumentException} instead of as a launcher setup failure (exit 125). Exec must be
 * given the same restrictions (allow, sysvmsg/sysvsem/sysvshm, ip4/ip6, enforce_statfs, children.max) as the keeper
 * it enters:
 * the launcher applies them again to the command. Its namespaces need not be given: exec enters every
 * namespace the keeper does not share with the host.
 */
public final class LauncherArgs {
    private LauncherArgs() {
    }

    /** Namespaces a keeper unshares (mnt and pid always, whether listed or not) and exec enters. */
    public enum Namespace {
        MNT, UTS, IPC, NET, PID, CGROUP;

        String launcherName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** System V IPC of the jail: its own namespace ({@code NEW}), its own and denied, or the host's. */
    public enum SysvIpc {
        NEW, INHERIT, DISABLE;

        String launcherName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An address family of the jail (ip4, ip6): {@code DISABLE} makes its sockets fail with EAFNOSUPPORT. */
    public enum Ip {
        NEW, INHERIT, DISABLE
    }

    public static Keeper keeper(Path launcher) {
        return new Keeper(launcher);
    }

    public static Exec exec(Path launcher) {
        return new Exec(launcher);
    }

    /** Options both modes take: the namespaces and the restrictions. */
    public abstract static class Common<B extends Common<B>> {
        private final String launcher;
        private final String mode;
        private final Set<Namespace> namespaces = EnumSet.noneOf(Namespace.class);
        private final Set<String> allow = new LinkedHashSet<>();
        private SysvIpc sysvipc;
        private final Map<String, SysvIpc> ipcKinds = new LinkedHashMap<>();
        private Ip ip4;
        private Ip ip6;
        private Integer enforceStatfs;
        private Integer childrenMax;
        private boolean vnet;

        Common(Path launcher, String mode) {
            this.launcher = Objects.requireNonNull(launcher, "launcher").toString();
            this.mode = mode;
        }

        abstract B self();

        public B namespaces(Collection<Namespace> ns) {
            namespaces.addAll(ns);
            return self();
        }

        /** allow.* permissions, spelt as the kernel parameter with or without the prefix: {@code "raw_sockets"}. */
        public B allow(String... names) {
            for (String n : names) {
                String bare = n.startsWith("allow.") ? n.substring(6) : n;
                requireToken("allow", bare, "[a-z_]+(\\.[a-z_]+)?");
                allow.add(bare);
            }
            return self();
        }

        public B sysvipc(SysvIpc mode) {
            sysvipc = Objects.requireNonNull(mode, "sysvipc");
            return self();
        }

        /** sysvmsg alone, as {@code --sysvmsg}; a mode of one kind wins over {@link #sysvipc}. */
        public B sysvmsg(SysvIpc mode) {
            return ipcKind("--sysvmsg", mode);
        }

        public B sysvsem(SysvIpc mode) {
            return ipcKind("--sysvsem", mode);
        }

        public B sysvshm(SysvIpc mode) {
            return ipcKind("--sysvshm", mode);
        }

        private B ipcKind(String option, SysvIpc mode) {
            ipcKinds.put(option, Objects.requireNonNull(mode, option));
            return self();
        }

        public B ip4(Ip mode) {
            ip4 = Objects.requireNonNull(mode, "ip4");
            return self();
        }

        public B ip6(Ip mode) {
            ip6 = Objects.requireNonNull(mode, "ip6");
            return self();
        }

        public B enforceStatfs(int level) {
            if (level < 0 || level > 2) {
                throw new IllegalArgumentException("enforce_statfs must be 0, 1 or 2: " + level);
            }
            enforceStatfs = level;
            return self();
        }

        /** vnet=new: the jail administers its own interfaces and routes (keeps CAP_NET_ADMIN). */
        public B vnet(boolean ownStack) {
            vnet = ownStack;
            return self();
        }

        public B childrenMax(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("children.max must not be negative: " + max);
            }
            childrenMax = max;
            return self();
        }

        /** The launcher, the mode, and {@code first} (the options that identify the call). */
        List<String> start(String... first) {
            List<String> out = new ArrayList<>(List.of(launcher, mode));
            out.addAll(List.of(first));
            addCommon(out);
            return out;
        }

        /** The options both modes share. */
        private void addCommon(List<String> out) {
            if (!namespaces.isEmpty()) {
                option(out, "--ns", namespaces.stream().map(Namespace::launcherName).collect(Collectors.joining(",")));
            }
            if (!allow.isEmpty()) {
                option(out, "--allow", String.join(",", allow));
            }
            if (sysvipc != null) {
                option(out, "--sysvipc", sysvipc.launcherName());
            }
            ipcKinds.forEach((kind, m) -> option(out, kind, m.launcherName()));
            if (ip4 != null) {
                option(out, "--ip4", ip4.name().toLowerCase(Locale.ROOT));
            }
            if (ip6 != null) {
                option(out, "--ip6", ip6.name().toLowerCase(Locale.ROOT));
            }
            if (enforceStatfs != null) {
                option(out, "--enforce-statfs", Integer.toString(enforceStatfs));
            }
            if (childrenMax != null) {
                option(out, "--children-max", Integer.toString(childrenMax));
            }
            if (vnet) {
                out.add("--vnet");
            }
        }

        static void option(List<String> out, String name, String value) {
            out.add(name);
            out.add(value);
        }
    }

    /** {@code jail4j-launcher keeper ...}: makes a jail and holds it. */
    public static final class Keeper extends Common<Keeper> {
        private String name;
        private Integer jid;
        private Path root;
        private Integer readyFd;
        private final List<String> options = new ArrayList<>();
        private boolean persist;

        Keeper(Path launcher) {
            super(launcher, "keeper");
        }

        @Override
        Keeper self() {
            return this;
        }

        public Keeper name(String jailName) {
            name = requireText("name", jailName);
            return this;
        }

        public Keeper jid(int id) {
            if (id < 0) {
                throw new IllegalArgumentException("jid must not be negative: " + id);
            }
            jid = id;
            return this;
        }

        public Keeper root(Path path) {
            root = requireAbsolute("root", path);
            return this;
        }

        /** The descriptor that receives {@code READY <keeper-host-pid>} or {@code ERROR ...}: 1 for stdout. */
        public Keeper readyFd(int fd) {
            if (fd < 0) {
                throw new IllegalArgumentException("ready fd must not be negative: " + fd);
            }
            readyFd = fd;
            return this;
        }

        public Keeper hostname(String hostname) {
            return add("--hostname", requireText("hostname", hostname));
        }

        public Keeper domainname(String domainname) {
            return add("--domainname", requireText("domainname", domainname));
        }

        /** Binds host path {@code src} onto {@code dst} inside the jail root (created when missing). */
        public Keeper bind(Path src, String dst, boolean readOnly) {
            String s = requireAbsolute("bind source", src).toString();
            requireToken("bind target", dst, "/[^:\\x00]*");
            return add("--bind", s + ":" + dst + ":" + (readOnly ? "ro" : "rw"));
        }

        public Keeper tmpfs(String dst) {
            return add("--tmpfs", requireToken("tmpfs target", dst, "/[^\\x00]*"));
        }

        /** An address on lo in the jail's own network namespace: {@code "10.0.0.3/32"}, {@code "fd00::3/128"}. */
        public Keeper loAddr(String addressSlashPrefix) {
            return add("--lo-addr", requireToken("lo address", addressSlashPrefix, "[0-9a-fA-F.:]+(/[0-9]{1,3})?"));
        }

        public Keeper persist(boolean stay) {
            persist = stay;
            return this;
        }

        /** The spawn socket (a host path in a root-only directory). */
        public Keeper control(Path socket) {
            return add("--control", requireAbsolute("control socket", socket).toString());
        }

        public Keeper devfsRuleset(int ruleset) {
            return add("--devfs-ruleset", Integer.toString(ruleset));
        }

        private Keeper add(String option, String value) {
            options.add(option);
            options.add(value);
            return this;
        }

        public List<String> build() {
            if (name == null || jid == null || root == null || readyFd == null) {
                throw new IllegalStateException("a keeper needs name, jid, root and readyFd");
            }
            // name, jid and root first: they identify the keeper in its /proc/<pid>/cmdline
            List<String> out = start("--name", name, "--jid", Integer.toString(jid), "--root", root.toString(),
                    "--ready-fd", Integer.toString(readyFd));
            out.addAll(options);
            if (persist) {
                out.add("--persist");
            }
            return List.copyOf(out);
        }
    }

    /** {@code jail4j-launcher exec ... -- COMMAND}: runs one command in an existing jail. */
    public static final class Exec extends Common<Exec> {
        private Integer pid;
        private final List<String> options = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private boolean ids;
        private boolean user;
        private boolean login;
        private List<String> command;

        Exec(Path launcher) {
            super(launcher, "exec");
        }

        @Override
        Exec self() {
            return this;
        }

        /** The keeper's pid as the host sees it (the number in {@code READY <pid>}). */
        public Exec pid(int keeperHostPid) {
            if (keeperHostPid <= 0) {
                throw new IllegalArgumentException("keeper pid must be positive: " + keeperHostPid);
            }
            pid = keeperHostPid;
            return this;
        }

        /** Working directory inside the jail; default {@code /}, or the user's home with {@link #login}. */
        public Exec dir(String dir) {
            return add("--dir", requireToken("dir", dir, "/[^\\x00]*"));
        }

        /** A user name, looked up in the jail's own /etc/passwd and /etc/group. */
        public Exec user(String name) {
            if (ids) {
                throw new IllegalStateException("user excludes uid, gid and groups");
            }
            user = true;
            return add("--user", requireToken("user", name, "[^:\\s\\x00]+"));
        }

        /** Numeric identity: no lookup in the jail. */
        public Exec ids(long uid, long gid, Collection<Long> groups) {
            if (user) {
                throw new IllegalStateException("uid, gid and groups exclude user");
            }
            ids = true;
            add("--uid", Long.toString(requireId("uid", uid)));
            add("--gid", Long.toString(requireId("gid", gid)));
            if (!groups.isEmpty()) {
                add("--groups", groups.stream().map(g -> Long.toString(requireId("group", g)))
                        .collect(Collectors.joining(",")));
            }
            return this;
        }

        /** A clean login environment: HOME, SHELL, USER, PATH (given {@link #env} values win). */
        public Exec login(boolean clean) {
            login = clean;
            return this;
        }

        public Exec env(String key, String value) {
            requireToken("environment name", key, "[^=\\x00]+");
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment value of " + key + " holds a NUL");
            }
            env.add("--env");
            env.add(key + "=" + value);
            return this;
        }

        public Exec command(List<String> argv) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            command = List.copyOf(argv);
            return this;
        }

        private Exec add(String option, String value) {
            options.add(option);
            options.add(value);
            return this;
        }

        public List<String> build() {
            if (pid == null || command == null) {
                throw new IllegalStateException("exec needs pid and command");
            }
            List<String> out = start("--pid", Integer.toString(pid));
            out.addAll(options);
            out.addAll(env);
            if (login) {
                out.add("--login");
            }
            out.add("--");
            out.addAll(command);
            return List.copyOf(out);
        }
    }

    private static String requireText(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty text without NUL: " + value);
        }
        return value;
    }

    private static String requireToken(String what, String value, String regex) {
        Objects.requireNonNull(value, what);
        if (!value.matches(regex)) {
            throw new IllegalArgumentException("bad " + what + ": " + value);
        }
        return value;
    }

    private static Path requireAbsolute(String what, Path path) {
        Objects.requireNonNull(path, what);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " must be an absolute path: " + path);
        }
        return path;
    }

    private static long requireId(String what, long id) {
        if (id < 0 || id > 0xfffffffeL) {
            throw new IllegalArgumentException(what + " out of range: " + id);
        }
        return id;
    }
}
