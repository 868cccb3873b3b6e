package org.jail4j.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jail4j.ExecSpec;
import org.jail4j.HostCapabilities;
import org.jail4j.InvalidParamException;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailExistsException;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;
import org.jail4j.JailSys;
import org.jail4j.NoSuchJailException;
import org.jail4j.Prison;
import org.jail4j.World;
import org.jail4j.ffi.Errnos;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.launcher.LauncherArgs;
import org.jail4j.ffi.linux.ExecPath;
import org.jail4j.ffi.linux.ProcessPidfd;
import org.jail4j.ffi.linux.SpawnRequest;
import org.jail4j.ffi.linux.SpawnedProcess;
import org.jail4j.spi.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FreeBSD's jail contract on Linux: a jail is a keeper process (the launcher's {@code keeper}
 * mode, pid 1 of its own namespaces) plus a record and a ledger in the host's state directory,
 * shared by every JVM on the host under one file lock.
 */
final class LinuxEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(LinuxEngine.class);
    private static final int JAIL_MAX = 999999;
    /** Linux's limit on a UTS name (FreeBSD allows 255 bytes). */
    private static final int HOST_NAME_MAX = 64;
    private static final String EOPNOTSUPP = Errnos.name(Os.LINUX, 95);
    /** The call of a keeper's {@code error} answer (SpawnClient): the step follows. */
    private static final String KEEPER_SPAWN = "keeper spawn: ";
    /** The launcher options that restrict a jail's processes, as {@link #restrict} writes them. */
    private static final Set<String> RESTRICTIONS = Set.of("--allow", "--sysvipc", "--sysvmsg", "--sysvsem",
            "--sysvshm", "--ip4", "--ip6", "--enforce-statfs", "--children-max");
    /**
     * The binary named by a command line only read for its options, never run: the fast path
     * need not find (and verify) the launcher.
     */
    private static final Path UNLAUNCHED = Path.of("jail4j-launcher");
    /** The launcher options without a value (PROTOCOL.md), keeper and exec mode. */
    private static final Set<String> FLAGS = Set.of("--vnet", "--persist", "--login");

    private final StateDir state;
    private final Supplier<Launcher> launcher;
    private final ProcessIdentity self;
    /** JIDs of jails whose owning handle in this JVM is open: released, not removed, when the JVM exits. */
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    /** The restrictions each jail's keeper started with, by JID; a keeper's command line never changes. */
    private final Map<Integer, KeeperRestrictions> keeperRestrictions = new ConcurrentHashMap<>();
    private final Map<Integer, KeeperPidfd> keeperPidfds = new ConcurrentHashMap<>();

    LinuxEngine(StateDir state, Supplier<Launcher> launcher) {
        this.state = state;
        this.launcher = launcher;
        this.self = ProcessIdentity.self();
        Runtime.getRuntime().addShutdownHook(new Thread(this::releaseOwned, "jail4j-release"));
    }

    StateDir state() {
        return state;
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public HostCapabilities probe() {
        Set<String> names = LinuxParams.known().stream().map(JailParam::name).collect(Collectors.toSet());
        return new HostCapabilities("linux", "Linux " + System.getProperty("os.version"), false, true, false,
                Set.of("tmpfs"), names, LinuxParams.UNSUPPORTED);
    }

    // ---- create --------------------------------------------------------------------------------

    @Override
    public Jail create(JailSpec spec) {
        String label = spec.name() != null ? spec.name()
                : spec.params().find(JailParams.JID).map(j -> "#" + j).orElse(null);
        checkSupported(spec, label);
        JailRecord r = reserve(spec, label);
        label = r.name();
        Ledger ledger = new Ledger(state.ledger(r.jid()));
        try {
            WorldInstaller world = new WorldInstaller(ledger, label);
            String hostname = r.params().find(JailParams.HOST_HOSTNAME).orElse("");
            WorldInstaller.Installed w = spec.world() instanceof World.Thin
                    ? world.thin(spec, state.root(r.jid()), hostname) : world.existing(spec);
            // Unsynced: a crash of the host ends the keeper, and reconcile sweeps the state directory's files.
            ledger.appendUnsynced(List.of(
                    new Ledger.Entry(Ledger.Kind.FILE, List.of(state.log(r.jid()).toString())),
                    new Ledger.Entry(Ledger.Kind.FILE, List.of(state.control(r.jid()).toString())),
                    new Ledger.Entry(Ledger.Kind.KEEPER, List.of(Integer.toString(r.jid()), r.name(),
                            w.root().toString()))));
            long pid = launcher.get().startKeeper(keeperArgs(r, w, r.params()), state.log(r.jid()), label);
            ProcessIdentity keeper = ProcessIdentity.of(pid).orElseThrow(() -> new JailException("keeper",
                    r.name(), null, "ESRCH", "the keeper " + pid + " ended right after reporting readiness", null));
            JailRecord alive = r.withKeeper(keeper).withState(JailRecord.State.ALIVE);
            state.locked(() -> state.write(alive));
            owned.add(r.jid());
            log.info("created jail={} jid={} root={} keeper={}", r.name(), r.jid(), w.root(), keeper.pid());
            return new LinuxJail(this, r.jid(), r.name(), true);
        } catch (RuntimeException e) {
            JailException failure = asJailException(e, "create", label);
            try {
                state.locked(() -> teardown(r.jid()));
            } catch (RuntimeException undo) {
                failure.addSuppressed(undo);
            }
            throw failure;
        }
    }

    private static JailException asJailException(RuntimeException e, String call, String label) {
        if (e instanceof JailException) {
            return (JailException) e;
        }
        String errno = e instanceof UncheckedIOException ? "EIO" : null;
        return new JailException(call, label, null, errno, e.getMessage(), e);
    }

    /** Refuses what this engine cannot do yet, before anything changes. */
    private static void checkSupported(JailSpec spec, String label) {
        if (!(spec.world() instanceof World.Existing || spec.world() instanceof World.Thin)) {
            throw new JailException("create", label, null, EOPNOTSUPP,
                    spec.world() + " is not installed by the linux engine yet", null);
        }
        if (spec.params().find(JailParams.VNET).orElse(JailSys.INHERIT) == JailSys.NEW) {
            throw new InvalidParamException("create", label, "vnet", EOPNOTSUPP,
                    "vnet jails (a network namespace with a moved interface) are not built by the linux engine yet");
        }
        for (JailParam<String> p : List.of(JailParams.HOST_HOSTNAME, JailParams.HOST_DOMAINNAME)) {
            int bytes = spec.params().find(p).map(v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .orElse(0);
            if (bytes > HOST_NAME_MAX) {
                throw new InvalidParamException("create", label, p.name(), "ENAMETOOLONG",
                        "Linux allows at most " + HOST_NAME_MAX + " bytes, got " + bytes);
            }
        }
        List<InetAddress> addrs = new ArrayList<>(spec.params().find(JailParams.IP4_ADDR).orElse(List.of()));
        addrs.addAll(spec.params().find(JailParams.IP6_ADDR).orElse(List.of()));
        checkLoopback(addrs, label);
        LinuxParams.checkIpcKinds(spec.params(), "create", label);
    }

    private static void checkLoopback(List<InetAddress> addrs, String label) {
        for (InetAddress a : addrs) {
            if (!a.isLoopbackAddress()) {
                throw new InvalidParamException("jail_set", label, a.getAddress().length == 4 ? "ip4.addr" : "ip6.addr",
                        EOPNOTSUPP, "the linux engine holds only loopback addresses (no veth yet), not "
                        + a.getHostAddress());
            }
        }
    }

    /** Allocates the JID and reserves the name, under the lock, before anything is made. */
    private JailRecord reserve(JailSpec spec, String label) {
        return state.locked(() -> {
            cleanEnded();
            List<JailRecord> all = state.records();
            String name = spec.name();
            Integer jid = spec.params().find(JailParams.JID).orElse(null);
            if (jid == null && name != null && name.chars().allMatch(Character::isDigit) && name.length() <= 6
                    && Integer.parseInt(name) >= 1) {
                jid = Integer.parseInt(name);   // as FreeBSD: a numeric name is taken as the JID
            }
            if (name != null && all.stream().anyMatch(x -> x.name().equals(name))) {
                throw new JailExistsException("jail_set", label, null, "jail \"" + name + "\" already exists", null);
            }
            final Integer wanted = jid;
            if (wanted != null && all.stream().anyMatch(x -> x.jid() == wanted)) {
                throw new JailExistsException("jail_set", label, null, "jail " + wanted + " already exists", null);
            }
            if (name != null && name.indexOf('.') > 0) {
                String parent = name.substring(0, name.lastIndexOf('.'));
                if (all.stream().noneMatch(x -> x.name().equals(parent) && x.state() == JailRecord.State.ALIVE)) {
                    throw new NoSuchJailException("jail_set", label, null, "jail \"" + parent + "\" not found", null);
                }
            }
            int j = wanted != null ? wanted : nextJid(all);
            String n = name != null ? name : Integer.toString(j);
            JailParams kept = storedParams(spec.kernelParams());
            if (LinuxParams.namespaces(spec.params()).contains("uts") && !kept.contains(JailParams.HOST_HOSTNAME)) {
                // As FreeBSD: a new jail starts with its parent's hostname.
                kept = kept.with(JailParams.builder().set(JailParams.HOST_HOSTNAME, HostNames.hostname()).build());
            }
            String root = spec.params().find(JailParams.PATH)
                    .orElse(spec.world() instanceof World.Thin ? state.root(j).toString() : "/");
            JailRecord r = new JailRecord(j, n, JailRecord.State.STARTING, root, LinuxParams.namespaces(
                    spec.params()), null, self, state.control(j).toString(), kept);
            state.write(r);
            return r;
        });
    }

    /** FreeBSD's allocation: the JID after the last one handed out, wrapping, skipping those in use. */
    private int nextJid(List<JailRecord> all) {
        Set<Integer> used = all.stream().map(JailRecord::jid).collect(Collectors.toSet());
        used.addAll(state.jids(".ledger"));
        int j = state.lastJid();
        for (int i = 0; i < JAIL_MAX; i++) {
            j = j % JAIL_MAX + 1;
            if (!used.contains(j)) {
                state.lastJid(j);
                return j;
            }
        }
        throw new JailException("jail_set", null, null, "EAGAIN", "no free jid", null);
    }

    /** The parameters a record keeps: those set, without the ones the record holds itself. */
    private static JailParams storedParams(JailParams p) {
        JailParams.Builder b = JailParams.builder();
        p.forEach((k, v) -> {
            if (k != JailParams.JID && k != JailParams.NAME && k != JailParams.PATH) {
                put(b, k, v);
            }
        });
        return b.build();
    }

    private static <T> void put(JailParams.Builder b, JailParam<T> p, Object v) {
        b.set(p, p.cast(v));
    }

    private List<String> keeperArgs(JailRecord r, WorldInstaller.Installed w, JailParams p) {
        LauncherArgs.Keeper k = LauncherArgs.keeper(launcher.get().binary()).name(r.name()).jid(r.jid())
                .root(w.root()).readyFd(1).namespaces(namespaces(r)).control(Path.of(r.control()));
        restrict(k, p);
        if (r.namespaces().contains("uts")) {
            p.find(JailParams.HOST_HOSTNAME).filter(h -> !h.isEmpty()).ifPresent(k::hostname);
            p.find(JailParams.HOST_DOMAINNAME).filter(d -> !d.isEmpty()).ifPresent(k::domainname);
        }
        for (WorldInstaller.Bind b : w.binds()) {
            k.bind(b.source(), b.target(), b.readOnly());
        }
        if (r.namespaces().contains("net")) {
            LinuxParams.loopbackAddresses(p).forEach(k::loAddr);
        }
        p.find(JailParams.DEVFS_RULESET).ifPresent(k::devfsRuleset);
        return k.persist(p.find(JailParams.PERSIST).orElse(false)).build();
    }

    private static List<LauncherArgs.Namespace> namespaces(JailRecord r) {
        return r.namespaces().stream().map(n -> LauncherArgs.Namespace.valueOf(n.toUpperCase(java.util.Locale.ROOT)))
                .toList();
    }

    /** What the keeper and every exec apply alike: the restrictions the parameters imply. */
    private static <B extends LauncherArgs.Common<B>> void restrict(B b, JailParams p) {
        String allow = LinuxParams.allowList(p);
        if (!allow.isEmpty()) {
            b.allow(allow.split(","));
        }
        b.enforceStatfs(p.find(JailParams.ENFORCE_STATFS).orElse(2))
                .childrenMax(Math.max(0, p.find(JailParams.CHILDREN_MAX).orElse(0)))
                .vnet(p.find(JailParams.VNET).orElse(JailSys.INHERIT) == JailSys.NEW)
                .sysvmsg(ipcMode(p, JailParams.SYSVMSG)).sysvsem(ipcMode(p, JailParams.SYSVSEM))
                .sysvshm(ipcMode(p, JailParams.SYSVSHM))
                .ip4(LauncherArgs.Ip.valueOf(LinuxParams.ipMode(p, JailParams.IP4).name()))
                .ip6(LauncherArgs.Ip.valueOf(LinuxParams.ipMode(p, JailParams.IP6).name()));
    }

    private static LauncherArgs.SysvIpc ipcMode(JailParams p, JailParam<JailSys> kind) {
        return LauncherArgs.SysvIpc.valueOf(LinuxParams.ipcKind(p, kind).name());
    }

    // ---- reading -------------------------------------------------------------------------------

    @Override
    public Optional<Prison> find(String nameOrJid, boolean includeDying) {
        return state.locked(() -> {
            if (!includeDying) {
                cleanEnded();
            }
            List<JailRecord> all = state.records();
            return lookup(all, nameOrJid).map(r -> prison(r, all)).filter(p -> includeDying || !p.dying());
        });
    }

    @Override
    public Stream<Prison> list(boolean includeDying) {
        List<Prison> out = state.locked(() -> {
            if (!includeDying) {
                cleanEnded();
            }
            List<JailRecord> all = state.records();
            return all.stream().filter(r -> r.state() != JailRecord.State.STARTING).map(r -> prison(r, all))
                    .filter(p -> includeDying || !p.dying()).toList();
        });
        return out.stream();
    }

    /** A visible record by JID (all digits) or name. */
    private static Optional<JailRecord> lookup(List<JailRecord> all, String nameOrJid) {
        boolean numeric = !nameOrJid.isEmpty() && nameOrJid.chars().allMatch(Character::isDigit)
                && nameOrJid.length() <= 9;
        return all.stream().filter(r -> r.state() != JailRecord.State.STARTING)
                .filter(r -> numeric ? r.jid() == Integer.parseInt(nameOrJid) : r.name().equals(nameOrJid))
                .findFirst();
    }

    /** Whether the jail's keeper has ended (or never got recorded). */
    private static boolean keeperEnded(JailRecord r) {
        return r.keeper() == null || !r.keeper().alive();
    }

    /** Whether a jail is dying: marked so, or its keeper has ended. No look into its namespaces. */
    private static boolean dying(JailRecord r) {
        return r.state() == JailRecord.State.DYING || keeperEnded(r);
    }

    private static Prison prison(JailRecord r, List<JailRecord> all) {
        boolean dying = dying(r);
        JailRecord shown = r;
        if (!dying && r.namespaces().contains("uts")) {
            try {
                String[] names = KeeperNamespaces.names(r.keeper(), r.name());
                shown = r.withNameAndParams(r.name(), r.params().with(JailParams.builder()
                        .set(JailParams.HOST_HOSTNAME, names[0]).set(JailParams.HOST_DOMAINNAME, names[1]).build()));
            } catch (JailException e) {
                if (!"ESRCH".equals(e.errno())) {
                    throw e;
                }
                dying = true;   // the keeper ended while we looked: the jail is on its way out
            }
        }
        int dot = r.name().lastIndexOf('.');
        int parent = dot < 0 ? 0 : all.stream().filter(x -> x.name().equals(r.name().substring(0, dot)))
                .mapToInt(JailRecord::jid).findFirst().orElse(0);
        int children = (int) all.stream().filter(x -> x.state() == JailRecord.State.ALIVE
                && x.name().startsWith(r.name() + ".") && x.name().indexOf('.', r.name().length() + 1) < 0).count();
        return LinuxParams.prison(shown, dying, parent, children);
    }

    static NoSuchJailException notFound(String call, String nameOrJid) {
        boolean numeric = !nameOrJid.isEmpty() && nameOrJid.chars().allMatch(Character::isDigit);
        return new NoSuchJailException(call, nameOrJid, null,
                numeric ? "jail " + nameOrJid + " not found" : "jail \"" + nameOrJid + "\" not found", null);
    }

    /** The alive record of a jail, or {@link NoSuchJailException} for {@code call}. */
    private JailRecord alive(String call, String nameOrJid) {
        List<JailRecord> all = state.records();
        return lookup(all, nameOrJid).filter(r -> !dying(r)).orElseThrow(() -> notFound(call, nameOrJid));
    }

    /**
     * The record of a running jail by JID, for the hot path: one record read without the
     * host-wide lock (records are replaced whole, never seen half-written) and no look into the
     * jail's namespaces, which {@link #alive} makes to show its hostname.
     */
    private JailRecord running(String call, int jid) {
        Optional<JailRecord> record = state.read(jid);
        if (record.isEmpty()) {
            forgetKeeper(jid);   // removed, perhaps by another process: its keeper's pidfd is of no more use
        }
        return record.filter(r -> r.state() == JailRecord.State.ALIVE && r.keeper() != null && keeperAlive(r))
                .orElseThrow(() -> notFound(call, Integer.toString(jid)));
    }

    /**
     * Whether the record's keeper still runs, by a zero-timeout poll of a pidfd kept per jail. The
     * pidfd is taken once and checked against the recorded start time then, so it is the
     * recorded process and not a reused pid; afterwards no {@code /proc} read is needed.
     */
    private boolean keeperAlive(JailRecord r) {
        KeeperPidfd held = keeperPidfds.compute(r.jid(), (j, known) -> {
            if (known != null && known.keeper().equals(r.keeper())) {
                return known;
            }
            Optional<ProcessPidfd> fd = ProcessPidfd.open(r.keeper().pid());
            if (fd.isEmpty()) {
                return known;
            }
            if (!r.keeper().alive()) {
                fd.get().close();   // the pid was reused, or the keeper ended before the pidfd was taken
                return known;
            }
            if (known != null) {
                known.pidfd().close();   // a jail of this JID before: its keeper has ended
            }
            return new KeeperPidfd(r.keeper(), fd.get());
        });
        if (held == null || !held.keeper().equals(r.keeper())) {
            return false;
        }
        if (held.pidfd().ended()) {
            if (keeperPidfds.remove(r.jid(), held)) {
                held.pidfd().close();
            }
            return false;
        }
        return true;
    }

    /** Closes the keeper pidfd of a jail that is gone. */
    private void forgetKeeper(int jid) {
        KeeperPidfd held = keeperPidfds.remove(jid);
        if (held != null) {
            held.pidfd().close();
        }
    }

    private record KeeperPidfd(ProcessIdentity keeper, ProcessPidfd pidfd) {
    }

    // ---- handles, exec, update -----------------------------------------------------------------

    @Override
    public Jail open(String nameOrJid) {
        JailRecord r = state.locked(() -> {
            cleanEnded();
            return alive("jail_get", nameOrJid);
        });
        return new LinuxJail(this, r.jid(), r.name(), false);
    }

    Prison prison(int jid) {
        return find(Integer.toString(jid), true).orElseThrow(() -> notFound("jail_get", Integer.toString(jid)));
    }

    boolean isAlive(int jid) {
        return find(Integer.toString(jid), false).isPresent();
    }

    /**
     * Runs {@code spec} in the jail, on the keeper's fast path or through a launcher process as
     * {@code requested} says ({@link ExecPath#AUTO}: the fast path where it gives what the launcher
     * would). Both paths get the directory and environment from one {@link ExecPlan}.
     */
    Process exec(int jid, ExecSpec spec, ExecPath requested) {
        JailRecord r = running("exec", jid);
        // jexec -l looks root up too: its home and shell come from the jail's passwd.
        Optional<String> named = spec.user().or(() -> spec.login() ? Optional.of("root") : Optional.empty());
        String user = named.orElse("root");
        Optional<JailAccount> account = named.isPresent() ? JailAccount.find(Path.of(r.root()), user, r.name())
                : Optional.of(JailAccount.ROOT);
        ExecPlan plan = ExecPlan.of(spec, user, account);
        if (fastPath(r, requested, account, user)) {
            return spawn(r, spec, plan, account.orElseThrow());
        }
        return launch(r, spec, plan, named);
    }

    /**
     * Whether the keeper forks the command. AUTO falls back to a launcher process where the fast
     * path would differ: no control socket, a user the jail's passwd lacks (the launcher reports
     * it its own way), or restrictions changed since the keeper started (its children keep the
     * old ones). FASTPATH refuses those cases rather than run with weaker restrictions.
     */
    private boolean fastPath(JailRecord r, ExecPath requested, Optional<JailAccount> account, String user) {
        if (requested == ExecPath.LAUNCHER) {
            return false;
        }
        String why = null;
        String errno = EOPNOTSUPP;
        if (r.control() == null) {
            why = "the keeper has no control socket";
        } else if (account.isEmpty()) {
            why = "user: no user " + user + " in the jail's /etc/passwd";
            errno = "ENOENT";
        } else if (!keeperRestrictionsHold(r)) {
            why = "the jail's restrictions changed since its keeper started";
        }
        if (why != null && requested == ExecPath.FASTPATH) {
            throw new JailException("exec", r.name(), null, errno, ExecPath.PROPERTY + "=fastpath: " + why, null);
        }
        return why == null;
    }

    private Process spawn(JailRecord r, ExecSpec spec, ExecPlan plan, JailAccount account) {
        SpawnRequest request;
        try {
            request = new SpawnRequest(spec.command(), plan.env(), plan.dir(), account.uid(), account.gid(),
                    account.groups());
        } catch (IllegalArgumentException e) {
            throw new InvalidParamException("exec", r.name(), null, e.getMessage());
        }
        try {
            return SpawnedProcess.start(Path.of(r.control()), request, spec.stdin(), spec.stdout(), spec.stderr(),
                    spec.redirectErrorStream());
        } catch (IOException e) {
            throw new JailException("exec", r.name(), null, null, "redirect: " + e.getMessage(), e);
        } catch (NativeCallException e) {
            String call = e.call().startsWith(KEEPER_SPAWN) ? e.call().substring(KEEPER_SPAWN.length()) : e.call();
            throw new JailException("exec", r.name(), null, e.errnoName(),
                    call + (e.kernelMessage() == null ? "" : ": " + e.kernelMessage()), e);
        }
    }

    private Process launch(JailRecord r, ExecSpec spec, ExecPlan plan, Optional<String> named) {
        List<String> cmd;
        try {
            LauncherArgs.Exec x = execArgs(launcher.get().binary(), r).dir(plan.dir());
            named.ifPresent(x::user);
            plan.env().forEach(x::env);
            cmd = x.login(spec.login()).command(spec.command()).build();
        } catch (IllegalArgumentException e) {
            // What the launcher would refuse (a NUL in a value, a user name with a colon): refused here instead.
            throw new InvalidParamException("exec", r.name(), null, e.getMessage());
        }
        return launcher.get().exec(cmd, spec.stdin(), spec.stdout(), spec.stderr(), spec.redirectErrorStream(),
                r.name());
    }

    /** An exec command line with the jail's namespaces and its current restrictions. */
    private static LauncherArgs.Exec execArgs(Path binary, JailRecord r) {
        LauncherArgs.Exec x = LauncherArgs.exec(binary).pid((int) r.keeper().pid())
                .namespaces(namespaces(r));
        restrict(x, r.params());
        return x;
    }

    /**
     * Whether the jail's current restrictions are still those its keeper started with (its command
     * line stays as given, PROTOCOL.md). The verdict is kept per keeper and parameters, which
     * records replace whole, so the hot path rebuilds no command line while neither changes.
     */
    private boolean keeperRestrictionsHold(JailRecord r) {
        return keeperRestrictions.compute(r.jid(), (j, known) -> {
            KeeperRestrictions k = known != null && known.keeper().equals(r.keeper()) ? known
                    : new KeeperRestrictions(r.keeper(), restrictions(r.keeper().args()), null, false);
            return k.params() != null && k.params().equals(r.params()) ? k
                    : new KeeperRestrictions(k.keeper(), k.options(), r.params(), k.options().equals(
                            restrictions(execArgs(UNLAUNCHED, r).command(List.of("/")).build())));
        }).hold();
    }

    /** A keeper's restriction options, and whether {@code params} (the last seen) still imply them. */
    private record KeeperRestrictions(ProcessIdentity keeper, Map<String, String> options, JailParams params,
                                      boolean hold) {
    }

    /**
     * The restriction options of a launcher command line (keeper or exec mode), {@code --allow}'s
     * list in a fixed order. Every option but the flags takes a value, so a value that looks like
     * an option (a jail named {@code --vnet}) is read as the value it is.
     */
    static Map<String, String> restrictions(List<String> args) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 2; i < args.size() && !args.get(i).equals("--"); i++) {
            String a = args.get(i);
            if (FLAGS.contains(a)) {
                if (a.equals("--vnet")) {
                    out.put(a, "");
                }
                continue;
            }
            String v = i + 1 < args.size() ? args.get(++i) : "";
            if (RESTRICTIONS.contains(a)) {
                out.put(a, a.equals("--allow") ? Stream.of(v.split(",")).sorted().collect(Collectors.joining(",")) : v);
            }
        }
        return out;
    }

    @Override
    public Prison update(String nameOrJid, JailParams changes) {
        checkUpdate(nameOrJid, changes);
        return state.locked(() -> {
            cleanEnded();
            JailRecord r = alive("jail_set", nameOrJid);
            String name = changes.find(JailParams.NAME).orElse(r.name());
            if (!name.equals(r.name()) && state.records().stream().anyMatch(x -> x.name().equals(name))) {
                throw new JailExistsException("jail_set", nameOrJid, null, "jail \"" + name + "\" already exists",
                        null);
            }
            applyLive(r, changes, nameOrJid);
            if (!changes.find(JailParams.PERSIST).orElse(true) && r.params().find(JailParams.PERSIST).orElse(false)) {
                // As FreeBSD: clearing persist on a jail without processes removes it.
                removeTree(r);
                return LinuxParams.prison(r.withNameAndParams(name, r.params().with(storedParams(changes))), true,
                        0, 0);
            }
            JailRecord u = r.withNameAndParams(name, r.params().with(storedParams(changes)));
            state.write(u);
            log.info("updated jail={} jid={} {}", u.name(), u.jid(), changes);
            return prison(u.jid());
        });
    }

    /** Create-only and read-only parameters are refused before anything changes, as the kernel does. */
    private static void checkUpdate(String label, JailParams changes) {
        changes.forEach((p, v) -> {
            if (p.isPseudo()) {
                throw new InvalidParamException("jail_set", label, p.name(), "not a kernel parameter");
            }
            if (p.access() == JailParam.Access.CREATE_ONLY && p != JailParams.JID) {
                throw new InvalidParamException("jail_set", label, p.name(),
                        p.name() + " cannot be changed after creation");
            }
            if (p.access() == JailParam.Access.READ_ONLY) {
                throw new InvalidParamException("jail_set", label, p.name(), "is read-only");
            }
        });
    }

    /** Makes the changes that act on the running jail; the rest only change what is stored. */
    private void applyLive(JailRecord r, JailParams changes, String label) {
        checkIpcChange(r, changes, label);
        changeAddresses(r, changes, label);
        boolean persistNow = r.params().find(JailParams.PERSIST).orElse(false);
        boolean persistNew = changes.find(JailParams.PERSIST).orElse(persistNow);
        if (persistNew != persistNow && (persistNew || hasProcesses(r))) {
            throw new InvalidParamException("jail_set", label, "persist", EOPNOTSUPP,
                    "the linux engine fixes persist at creation; only an empty jail may be made nopersist "
                    + "(which removes it)");
        }
        for (JailParam<String> p : List.of(JailParams.HOST_HOSTNAME, JailParams.HOST_DOMAINNAME)) {
            Optional<String> v = changes.find(p);
            if (v.isEmpty() || v.equals(r.params().find(p))) {
                continue;
            }
            if (!r.namespaces().contains("uts")) {
                throw new InvalidParamException("jail_set", label, p.name(),
                        "host=inherit: the jail shares the host's " + p.name().substring(5));
            }
            KeeperNamespaces.set(r.keeper(), p == JailParams.HOST_HOSTNAME, v.get(), label);
        }
    }

    /** The IPC namespace is made at creation: a change may deny or allow a kind, not move it to the host's. */
    private static void checkIpcChange(JailRecord r, JailParams changes, String label) {
        JailParams next = r.params().with(storedParams(changes));
        LinuxParams.checkIpcKinds(next, "jail_set", label);
        if (LinuxParams.namespaces(next).contains("ipc") != r.namespaces().contains("ipc")) {
            String param = LinuxParams.IPC_KINDS.stream().filter(changes::contains).map(JailParam::name).findFirst()
                    .orElse("allow.sysvipc");
            throw new InvalidParamException("jail_set", label, param, EOPNOTSUPP,
                    "the jail's IPC namespace (its own or the host's) is fixed at creation on Linux");
        }
    }

    /** A loopback jail's addresses change on its own lo; a jail on the host's network has none of its own. */
    private static void changeAddresses(JailRecord r, JailParams changes, String label) {
        JailParams now = r.params();
        JailParams next = now.with(storedParams(changes));
        List<String> before = LinuxParams.loopbackAddresses(now);
        List<String> after = LinuxParams.loopbackAddresses(next);
        if (before.equals(after)) {
            return;
        }
        String param = changes.contains(JailParams.IP4_ADDR) ? "ip4.addr" : "ip6.addr";
        if (!r.namespaces().contains("net")) {
            throw new InvalidParamException("jail_set", label, param,
                    "the jail shares the host's network (ip4=inherit) and holds no addresses of its own");
        }
        List<InetAddress> wanted = new ArrayList<>(next.find(JailParams.IP4_ADDR).orElse(List.of()));
        wanted.addAll(next.find(JailParams.IP6_ADDR).orElse(List.of()));
        checkLoopback(wanted, label);
        KeeperNamespaces.changeLoopback(r.keeper(), param,
                before.stream().filter(a -> !after.contains(a)).toList(),
                after.stream().filter(a -> !before.contains(a)).toList(), label);
    }

    /** Whether any process other than the keeper runs in the jail (its pid namespace). */
    private static boolean hasProcesses(JailRecord r) {
        String ns = nsLink(r.keeper().pid(), "pid_for_children");
        if (ns == null) {
            return false;
        }
        return !ProcessIdentity.matching(args -> true).stream()
                .filter(p -> p.pid() != r.keeper().pid())
                .filter(p -> ns.equals(nsLink(p.pid(), "pid"))).toList().isEmpty();
    }

    private static String nsLink(long pid, String ns) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", ns)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    // ---- removal and cleanup -------------------------------------------------------------------

    @Override
    public void remove(String nameOrJid) {
        state.locked(() -> {
            cleanEnded();
            JailRecord r = alive("jail_remove", nameOrJid);
            removeTree(r);
        });
    }

    void remove(int jid) {
        remove(Integer.toString(jid));
    }

    /** Removes the jail if it still exists (a non-persistent one may already have ended and been cleaned). */
    void removeIfPresent(int jid) {
        state.locked(() -> state.read(jid).ifPresent(this::removeTree));
        owned.remove(jid);
    }

    /** A jail and its descendants (FreeBSD removes them with it), deepest first. */
    private void removeTree(JailRecord r) {
        List<JailRecord> children = state.records().stream().filter(x -> x.name().startsWith(r.name() + "."))
                .sorted(Comparator.comparingInt((JailRecord x) -> x.name().length()).reversed()).toList();
        for (JailRecord c : children) {
            teardown(c.jid());
            log.info("removed jail={} jid={} (child of {})", c.name(), c.jid(), r.name());
        }
        teardown(r.jid());
        owned.remove(r.jid());
        log.info("removed jail={} jid={}", r.name(), r.jid());
    }

    /**
     * Marks the jail dying and undoes its ledger in reverse order; deletes its record and ledger only when every
     * step succeeded, so a failure is retried by the next call or reconcile. Call with the lock held.
     */
    private void teardown(int jid) {
        Optional<JailRecord> r = state.read(jid);
        r.ifPresent(x -> state.write(x.withState(JailRecord.State.DYING)));
        String label = r.map(JailRecord::name).orElse("#" + jid);
        Ledger ledger = new Ledger(state.ledger(jid));
        JailException failure = null;
        for (Ledger.Entry e : ledger.undoOrder()) {
            try {
                undo(e, r.orElse(null), label);
            } catch (RuntimeException ex) {
                if (failure == null) {
                    failure = new JailException("jail_remove", label, null, null,
                            "could not undo every host change; the ledger " + ledger.file() + " keeps them", ex);
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        state.delete(ledger.file());
        state.delete(state.record(jid));
        forgetKeeper(jid);
        owned.remove(jid);
    }

    private void undo(Ledger.Entry e, JailRecord r, String label) {
        switch (e.kind()) {
            case KEEPER:
                for (ProcessIdentity k : KeeperProcess.find(r, e.args().get(0), e.args().get(1), e.args().get(2))) {
                    KeeperProcess.stop(k, label);
                }
                break;
            case FILE:
                state.delete(Path.of(e.args().get(0)));
                break;
            case DIR:
                deleteTree(Path.of(e.args().get(0)));
                break;
            default:
                throw new AssertionError(e.kind());
        }
    }

    /** Deletes a directory the engine made, with what the jail wrote into it; never across a mount. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("deleting " + dir, e);
            }
        }
        for (String m : HostMounts.mountPoints()) {
            if (Path.of(m).startsWith(dir)) {
                throw new JailException("jail_remove", null, null, "EBUSY", "a host mount is under " + dir + ": " + m,
                        null);
            }
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException ignored) {
            // Already gone: a previous, interrupted undo got this far.
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }

    /** Tears down jails whose keeper has ended (a non-persistent jail after its last process). Lock held. */
    private void cleanEnded() {
        for (JailRecord r : state.records()) {
            boolean ended = r.state() != JailRecord.State.STARTING && keeperEnded(r);
            boolean abandoned = r.state() == JailRecord.State.STARTING && r.owner() != null && !r.owner().alive();
            if (ended || abandoned) {
                log.info("jail={} jid={} has ended; undoing its host changes", r.name(), r.jid());
                teardown(r.jid());
            }
        }
    }

    @Override
    public int reconcile() {
        return state.locked(() -> {
            int cleaned = 0;
            for (JailRecord r : state.records()) {
                String why = null;
                if (r.owner() != null && !r.owner().alive() && !r.owner().equals(self)) {
                    why = "its owning JVM " + r.owner() + " is gone";
                } else if (r.state() != JailRecord.State.STARTING && keeperEnded(r)) {
                    why = "its keeper is gone";
                }
                if (why != null) {
                    log.warn("reconcile: removing jail={} jid={}: {}", r.name(), r.jid(), why);
                    teardown(r.jid());
                    cleaned++;
                }
            }
            Set<Integer> records = state.records().stream().map(JailRecord::jid).collect(Collectors.toSet());
            for (int jid : state.jids(".ledger")) {
                if (!records.contains(jid)) {
                    log.warn("reconcile: undoing the ledger of jid={}, which has no record", jid);
                    teardown(jid);
                    cleaned++;
                }
            }
            removeStrays();
            return cleaned;
        });
    }

    /** Files of no jail: a record's temporary copy left by a JVM killed while writing it. Lock held. */
    private void removeStrays() {
        Set<Integer> known = new java.util.HashSet<>(state.jids(".jail"));
        known.addAll(state.jids(".ledger"));
        for (Path p : state.entries()) {
            String n = p.getFileName().toString();
            String digits = n.contains(".") ? n.substring(0, n.indexOf('.')) : n;
            boolean ofLiveJail = !digits.isEmpty() && digits.chars().allMatch(Character::isDigit)
                    && digits.length() <= 9 && known.contains(Integer.parseInt(digits)) && !n.endsWith(".tmp");
            if (!ofLiveJail && !n.endsWith(".lock")) {
                log.warn("reconcile: removing {}, which belongs to no jail", p);
                deleteTree(p);
            }
        }
    }

    /** At an orderly JVM exit, jails still held by open handles outlive it, as jail(8)'s do. */
    private void releaseOwned() {
        for (int jid : Set.copyOf(owned)) {
            state.locked(() -> state.read(jid).filter(r -> self.equals(r.owner()))
                    .ifPresent(r -> state.write(r.withOwner(null))));
        }
    }

    /** Lets go of an owning handle without removing its jail. */
    void release(int jid) {
        owned.remove(jid);
    }

    @Override
    public JailParam<?> paramType(String name) {
        return LinuxParams.known().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidParamException("jail_get", null, name, "unknown parameter: " + name));
    }
}
