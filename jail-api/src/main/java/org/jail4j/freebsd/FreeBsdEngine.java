package org.jail4j.freebsd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jail4j.ExecSpec;
import org.jail4j.HostCapabilities;
import org.jail4j.InvalidParamException;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailParam;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;
import org.jail4j.NoSuchJailException;
import org.jail4j.Prison;
import org.jail4j.World;
import org.jail4j.ffi.IovecList;
import org.jail4j.ffi.NativeCallException;
import org.jail4j.ffi.Os;
import org.jail4j.ffi.UnsupportedByKernelException;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.jail4j.ffi.freebsd.LibJail;
import org.jail4j.ffi.launcher.LauncherBinary;
import org.jail4j.spi.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FreeBSD kernel's own jails: jail_set/jail_get/jail_remove through jnr-ffi, parameter types
 * read from {@code security.jail.param.*}, processes started by the native launcher or jexec(8).
 * The bindings load on first use, so the engine can be named on any OS and fails only when used
 * where there is no FreeBSD kernel (or model of one). Thread-safe.
 */
final class FreeBsdEngine implements Engine {
    /** A FreeBSD build of the native launcher; without it processes start through jexec(8). */
    static final String LAUNCHER_PROPERTY = "jail4j.freebsd.launcher";

    private static final Logger log = LoggerFactory.getLogger(FreeBsdEngine.class);

    private final Object lock = new Object();
    private final AtomicBoolean warnedJexec = new AtomicBoolean();
    private volatile Kernel kernel;
    private volatile Boolean descriptors;

    /** The loaded bindings and what was learnt from them, made once per engine. */
    private record Kernel(JailCalls jails, SysctlCalls sysctl, KernelParams params, PrisonReader reader) {
    }

    @Override
    public String name() {
        return "freebsd";
    }

    /** The launcher named by {@value #LAUNCHER_PROPERTY}, else the one this jar ships for FreeBSD, else null. */
    private static Path launcher() {
        String configured = System.getProperty(LAUNCHER_PROPERTY);
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        LauncherBinary shipped = LauncherBinary.system();
        return Os.isFreeBsd() && shipped.shipped() ? shipped.path() : null;
    }

    private Kernel kernel() {
        Kernel k = kernel;
        if (k == null) {
            synchronized (lock) {
                k = kernel;
                if (k == null) {
                    try {
                        JailCalls jails = new JailCalls(FreeBsdLibs.jail(), FreeBsdLibs.runtime());
                        SysctlCalls sysctl = new SysctlCalls(FreeBsdLibs.sysctl(), FreeBsdLibs.runtime());
                        KernelParams params = new KernelParams(sysctl);
                        k = new Kernel(jails, sysctl, params, new PrisonReader(jails, params));
                    } catch (UnsupportedByKernelException e) {
                        throw new JailException("jail4j", null, null, "ENOSYS", e.getMessage(), e);
                    }
                    kernel = k;
                }
            }
        }
        return k;
    }

    // ---- probe ---------------------------------------------------------------------------------

    @Override
    public HostCapabilities probe() {
        Kernel k = kernel();
        List<JailParam<?>> all = k.params().all();
        Set<String> names = all.stream().map(JailParam::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> mounts = names.stream().filter(n -> n.startsWith("allow.mount."))
                .map(n -> n.substring("allow.mount.".length())).collect(Collectors.toCollection(TreeSet::new));
        boolean vnet = sysctlIfPresent("kern.features.vimage").map(v -> ((Number) v).longValue() != 0)
                .orElse(names.contains("vnet"));
        boolean racct = sysctlIfPresent("kern.racct.enable").map(v -> ((Number) v).longValue() != 0).orElse(false);
        String kernelName = sysctl("kern.ostype") + " " + sysctl("kern.osrelease");
        return new HostCapabilities(name(), kernelName, jailDescriptors(), vnet, racct, mounts, names,
                java.util.Map.of());
    }

    /** Jail descriptors exist when libc has their calls: found by symbol, never by calling a missing syscall. */
    private static boolean jailDescriptors() {
        try {
            FreeBsdLibs.jailDesc();
            return true;
        } catch (UnsupportedByKernelException e) {
            return false;
        }
    }

    private Optional<Object> sysctlIfPresent(String name) {
        try {
            return Optional.of(sysctl(name));
        } catch (JailException e) {
            if ("ENOENT".equals(e.errno())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- create, update, remove ------------------------------------------------------------------

    @Override
    public Jail create(JailSpec spec) {
        String label = label(spec);
        if (!(spec.world() instanceof World.Existing)) {
            throw new JailException("create", label, null, null, "the freebsd engine does not install "
                    + spec.world() + "; install the world at path and use World.existing()", null);
        }
        Kernel k = kernel();
        JailParams wanted = spec.kernelParams();
        checkAgainstKernel("create", label, wanted, false);
        // A jail without processes dies: keep it until its first command ran, as jail(8) does.
        boolean temporaryPersist = !spec.persist();
        JailParams sent = wanted.with(JailParams.builder().set(JailParams.PERSIST, true).build());
        IovecList iov = k.jails().iovecs();
        sent.addTo(iov);
        int flags = LibJail.JAIL_CREATE;
        int descAt = -1;
        if (descriptors()) {
            // An owning descriptor: the handle then knows its jail even after the JID is reused.
            descAt = iov.add("desc", int32(-1));
            flags |= LibJail.JAIL_OWN_DESC;
        }
        int jid;
        try {
            jid = k.jails().set(iov, flags);
        } catch (NativeCallException e) {
            throw KernelErrors.of(e, "jail_set", label, sent.params());
        }
        int desc = descAt < 0 ? -1 : ByteBuffer.wrap(iov.buffer(descAt)).order(ByteOrder.nativeOrder()).getInt();
        String name;
        try {
            name = k.reader().read(PrisonReader.Key.jid(jid), false).name();
        } catch (NativeCallException | JailException e) {
            JailException failure = e instanceof JailException je ? je
                    : KernelErrors.of((NativeCallException) e, "jail_get", label, List.of());
            undoCreate(k, jid, desc, failure);
            throw failure;
        }
        log.info("created jail={} jid={}", name, jid);
        return new FreeBsdJail(this, jid, name, true, temporaryPersist, desc);
    }

    /** Removes a jail whose creation failed half-way; a failure of that goes with the first one. */
    private static void undoCreate(Kernel k, int jid, int desc, JailException failure) {
        try {
            if (desc >= 0) {
                k.jails().removeDesc(desc);
                k.jails().closeDesc(desc);
            } else {
                k.jails().remove(jid);
            }
        } catch (NativeCallException e) {
            failure.addSuppressed(KernelErrors.of(e, desc >= 0 ? e.call() : "jail_remove", "#" + jid, List.of()));
        }
    }

    /** Whether this kernel has jail descriptors; asked once. */
    private boolean descriptors() {
        Boolean d = descriptors;
        if (d == null) {
            d = jailDescriptors();
            descriptors = d;
        }
        return d;
    }

    /**
     * Creates the jail, or updates it when one of that name exists (jail -cm). The kernel's own
     * CREATE|UPDATE refuses any path and needs persist even for an existing jail (A28), so the
     * two cases are told apart here; create-only parameters must then equal the jail's values.
     */
    @Override
    public Jail createOrUpdate(JailSpec spec) {
        Optional<Prison> existing = spec.name() == null ? Optional.empty() : find(spec.name(), false);
        if (existing.isEmpty()) {
            return create(spec);
        }
        Prison now = existing.get();
        JailParams.Builder changes = JailParams.builder();
        spec.kernelParams().forEach((p, v) -> {
            JailParam<?> kt = kernel().params().require("update", now.name(), p.name());
            if (kt.access() == JailParam.Access.CREATE_ONLY) {
                if (!Objects.equals(now.params().find(p).orElse(null), v)) {
                    throw new InvalidParamException("update", now.name(), p.name(),
                            p.name() + " cannot be changed after creation");
                }
            } else if (p != JailParams.NAME) {
                changes.setReported(p, v);
            }
        });
        updateJid(now.jid(), now.name(), changes.build());
        return new FreeBsdJail(this, now.jid(), now.name(), false, false, -1);
    }

    @Override
    public Prison update(String nameOrJid, JailParams changes) {
        OptionalJid byNumber = OptionalJid.parse(nameOrJid);
        if (byNumber.present() || changes.contains(JailParams.NAME)) {
            // A new name in the same call would replace a name key: go by JID then.
            int jid = byNumber.present() ? byNumber.jid() : require(nameOrJid, false).jid();
            return updateKeyed(label(nameOrJid), "jid", int32(jid), changes);
        }
        return updateKeyed(nameOrJid, "name", JailParams.NAME.encode(nameOrJid), changes);
    }

    /** An update through a handle: by JID, named in messages by the jail's name. */
    Prison updateJid(int jid, String name, JailParams changes) {
        return updateKeyed(name, "jid", int32(jid), changes);
    }

    private Prison updateKeyed(String label, String keyParam, byte[] key, JailParams changes) {
        Kernel k = kernel();
        checkAgainstKernel("update", label, changes, true);
        IovecList iov = k.jails().iovecs();
        iov.add(keyParam, key);
        changes.addTo(iov);
        int jid;
        try {
            jid = k.jails().set(iov, LibJail.JAIL_UPDATE);
        } catch (NativeCallException e) {
            throw KernelErrors.of(e, "jail_set", label, changes.params());
        }
        log.info("updated jail={} jid={} params={}", label, jid, changes.params());
        return read(PrisonReader.Key.jid(jid), false, label);
    }

    @Override
    public void remove(String nameOrJid) {
        Prison p = require(nameOrJid, false);
        removeJid(p.jid(), p.name());
    }

    private void removeJid(int jid, String name) {
        try {
            kernel().jails().remove(jid);
        } catch (NativeCallException e) {
            throw KernelErrors.of(e, "jail_remove", name, List.of());
        }
        log.info("removed jail={} jid={}", name, jid);
    }

    @Override
    public int reconcile() {
        // This engine changes nothing on the host but the jails themselves: no ledger to replay.
        return 0;
    }

    // ---- read ----------------------------------------------------------------------------------

    @Override
    public Jail open(String nameOrJid) {
        Prison p = require(nameOrJid, false);
        return new FreeBsdJail(this, p.jid(), p.name(), false, false, -1);
    }

    @Override
    public Optional<Prison> find(String nameOrJid, boolean includeDying) {
        OptionalJid n = OptionalJid.parse(nameOrJid);
        PrisonReader.Key key = n.present() ? PrisonReader.Key.jid(n.jid()) : PrisonReader.Key.name(nameOrJid);
        try {
            return Optional.of(kernel().reader().read(key, includeDying));
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ENOENT")) {
                return Optional.empty();
            }
            throw KernelErrors.of(e, "jail_get", label(nameOrJid), List.of());
        }
    }

    private Prison require(String nameOrJid, boolean includeDying) {
        OptionalJid n = OptionalJid.parse(nameOrJid);
        PrisonReader.Key key = n.present() ? PrisonReader.Key.jid(n.jid()) : PrisonReader.Key.name(nameOrJid);
        return read(key, includeDying, label(nameOrJid));
    }

    private Prison read(PrisonReader.Key key, boolean includeDying, String label) {
        try {
            return kernel().reader().read(key, includeDying);
        } catch (NativeCallException e) {
            throw KernelErrors.of(e, "jail_get", label, List.of());
        }
    }

    @Override
    public Stream<Prison> list(boolean includeDying) {
        Kernel k = kernel();
        return Stream.iterate(next(k, 0, includeDying), Objects::nonNull, p -> next(k, p.jid(), includeDying));
    }

    /** The first jail after {@code lastjid}, or null at the end (ENOENT); any other errno is a failure. */
    private static Prison next(Kernel k, int lastjid, boolean includeDying) {
        try {
            return k.reader().read(PrisonReader.Key.after(lastjid), includeDying);
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ENOENT")) {
                return null;
            }
            throw KernelErrors.of(e, "jail_get", null, List.of());
        }
    }

    @Override
    public JailParam<?> paramType(String name) {
        return kernel().params().require("paramType", null, name);
    }

    // ---- what handles need ---------------------------------------------------------------------

    /**
     * The jail {@code jid}, if it is still the one named {@code name} (or the one descriptor
     * {@code desc} refers to, where there is one); else a NoSuchJailException naming it.
     */
    Prison prisonOf(int jid, String name, int desc) {
        Prison p;
        try {
            p = kernel().reader().read(desc >= 0 ? PrisonReader.Key.desc(desc) : PrisonReader.Key.jid(jid), false);
        } catch (NativeCallException e) {
            if (e.errnoName().equals("ENOENT") || desc >= 0) {
                throw new NoSuchJailException("jail_get", name, null,
                        "jail \"" + name + "\" (jid " + jid + ") no longer exists", e);
            }
            throw KernelErrors.of(e, "jail_get", name, List.of());
        }
        if (p.jid() != jid || !p.name().equals(name)) {
            throw new NoSuchJailException("jail_get", name, null, "jail \"" + name + "\" (jid " + jid
                    + ") no longer exists; jid " + jid + " is now \"" + p.name() + "\"", null);
        }
        return p;
    }

    boolean isSame(int jid, String name, int desc) {
        try {
            prisonOf(jid, name, desc);
            return true;
        } catch (NoSuchJailException e) {
            return false;
        }
    }

    void removeSame(int jid, String name, int desc) {
        prisonOf(jid, name, desc);
        if (desc < 0) {
            removeJid(jid, name);
            return;
        }
        try {
            kernel().jails().removeDesc(desc);
        } catch (NativeCallException e) {
            throw KernelErrors.of(e, "jail_remove_jd", name, List.of());
        }
        log.info("removed jail={} jid={}", name, jid);
    }

    /** For close(): removes the jail if it is still there and still the same; quiet when it is already gone. */
    void removeIfSame(int jid, String name, int desc) {
        if (isSame(jid, name, desc)) {
            removeSame(jid, name, desc);
        }
    }

    /** Lets go of a jail descriptor (after its jail was removed, or to leave it). */
    void release(int desc, String name) {
        try {
            kernel().jails().closeDesc(desc);
        } catch (NativeCallException e) {
            throw KernelErrors.of(e, "close", name, List.of());
        }
    }

    /** Ends a temporary persist; runs when no caller is there to receive a failure, so it logs it. */
    void clearPersist(int jid, String name, int desc) {
        try {
            if (!isSame(jid, name, desc)) {
                return;
            }
            IovecList iov = kernel().jails().iovecs();
            iov.add("jid", int32(jid));
            iov.addBool("persist", false);
            kernel().jails().set(iov, LibJail.JAIL_UPDATE);
            log.debug("jail={} jid={} no longer persists", name, jid);
        } catch (NativeCallException | JailException e) {
            log.error("jail={} jid={} could not clear its temporary persist", name, jid, e);
        }
    }

    /** Starts {@code spec} inside jail {@code jid}: the FreeBSD launcher where configured, else jexec(8). */
    Process start(int jid, String name, ExecSpec spec) {
        Path launcher = launcher();
        List<String> argv;
        if (launcher != null) {
            argv = ExecCommand.launcher(launcher, jid, spec);
        } else {
            if (warnedJexec.compareAndSet(false, true)) {
                log.warn("no FreeBSD build of jail4j-launcher (none shipped, {} unset): starting processes with {}",
                        LAUNCHER_PROPERTY, ExecCommand.JEXEC);
            }
            argv = ExecCommand.jexec(jid, spec);
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(ExecCommand.environment(spec));
        pb.redirectInput(spec.stdin()).redirectOutput(spec.stdout()).redirectError(spec.stderr())
                .redirectErrorStream(spec.redirectErrorStream());
        log.debug("exec jail={} jid={} argv={}", name, jid, argv);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new JailException("exec", name, null, null, argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    // ---- sysctl and rctl -----------------------------------------------------------------------

    @Override
    public Object sysctl(String name) {
        SysctlCalls s = kernel().sysctl();
        try {
            int[] oid = s.oid(name);
            SysctlCalls.OidFormat f = s.format(oid);
            if (f.isNode()) {
                throw new JailException("sysctl", null, name, "EISDIR", "a node, not a value", null);
            }
            return SysctlValues.decode(f, s.value(oid));
        } catch (NativeCallException e) {
            throw new JailException("sysctl", null, name, e.errnoName(), e.kernelMessage(), e);
        }
    }

    private RctlCalls rctl() {
        kernel();
        try {
            return new RctlCalls(FreeBsdLibs.rctl(), FreeBsdLibs.runtime());
        } catch (UnsupportedByKernelException e) {
            throw new JailException("rctl", null, null, "ENOSYS", e.getMessage(), e);
        }
    }

    @Override
    public void rctlAdd(String rule) {
        rctl().add(rule);
    }

    @Override
    public void rctlRemove(String filter) {
        rctl().remove(filter);
    }

    @Override
    public String rctlRules(String filter) {
        return rctl().rules(filter);
    }

    @Override
    public String rctlUsage(String filter) {
        return rctl().usage(filter);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * Every parameter must be one this kernel knows, with the same type, and settable now: an
     * unknown name is refused here, naming it, as the kernel would ("unknown parameter: X").
     */
    private void checkAgainstKernel(String call, String label, JailParams values, boolean update) {
        KernelParams kp = kernel().params();
        values.forEach((p, v) -> {
            JailParam<?> kt = kp.require(call, label, p.name());
            if (kt.format() != p.format()) {
                throw new InvalidParamException(call, label, p.name(), "this kernel's type is "
                        + kt.format().sysctlFormat() + ", not " + p.format().sysctlFormat());
            }
            if (kt.access() == JailParam.Access.READ_ONLY) {
                throw new InvalidParamException(call, label, p.name(), "is read-only");
            }
            if (update && kt.access() == JailParam.Access.CREATE_ONLY && p != JailParams.JID) {
                throw new InvalidParamException(call, label, p.name(), p.name() + " cannot be changed after creation");
            }
            try {
                validate(kt, v);
            } catch (InvalidParamException e) {
                throw new InvalidParamException(call, label, e.param(), e.errno(), e.reason());
            }
        });
    }

    private static <T> void validate(JailParam<T> p, Object v) {
        p.validate(p.cast(v));
    }

    static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static String label(JailSpec spec) {
        if (spec.name() != null) {
            return spec.name();
        }
        return spec.params().find(JailParams.JID).map(j -> "#" + j).orElse(null);
    }

    /** A jail as messages name it: its name, or {@code #jid} when given by number. */
    static String label(String nameOrJid) {
        return OptionalJid.parse(nameOrJid).present() ? "#" + nameOrJid : nameOrJid;
    }

    /** A JID written as decimal digits, or not one. */
    record OptionalJid(boolean present, int jid) {
        static OptionalJid parse(String s) {
            Objects.requireNonNull(s, "nameOrJid");
            if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return new OptionalJid(false, 0);
            }
            return new OptionalJid(true, Integer.parseInt(s));
        }
    }
}
