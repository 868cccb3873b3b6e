package org.jail4j;

import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.jail4j.spi.Engine;
import org.jail4j.spi.EngineProvider;

/**
 * The jails of one host, through the engine for its OS. The single place that picks the engine:
 * {@link #local()} chooses FreeBSD's kernel on FreeBSD and namespaces on Linux, and refuses any
 * other OS by name. Thread-safe.
 *
 * <pre>{@code
 * JailHost host = JailHost.local();
 * try (Jail jail = host.create(JailSpec.builder("w1").hostname("w1").persist(true).build())) {
 *     host.list().forEach(p -> System.out.println(p.jid() + " " + p.name()));
 * }
 * }</pre>
 */
public final class JailHost {
    private static volatile JailHost local;

    private final Engine engine;

    private JailHost(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The host this JVM runs on, with the engine for its OS. */
    public static JailHost local() {
        JailHost h = local;
        if (h == null) {
            synchronized (JailHost.class) {
                h = local;
                if (h == null) {
                    h = new JailHost(nativeProvider().open());
                    local = h;
                }
            }
        }
        return h;
    }

    /**
     * A host driven by the named engine ("freebsd" or "linux"), whether or not it is this OS's:
     * the tests run the FreeBSD engine against a model of the kernel this way.
     */
    public static JailHost withEngine(String engineName) {
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class, JailHost.class.getClassLoader())) {
            if (p.name().equals(engineName)) {
                return new JailHost(p.open());
            }
        }
        throw new UnsupportedOperationException("no jail4j engine named " + engineName);
    }

    /** What the local host supports. */
    public static HostCapabilities probe() {
        return local().capabilities();
    }

    private static EngineProvider nativeProvider() {
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class, JailHost.class.getClassLoader())) {
            if (p.nativeHere()) {
                return p;
            }
        }
        throw new UnsupportedOperationException("jail4j has no engine for " + System.getProperty("os.name"));
    }

    /** "freebsd" or "linux". */
    public String engineName() {
        return engine.name();
    }

    public HostCapabilities capabilities() {
        return engine.probe();
    }

    /** Creates a jail as {@code spec} says; the returned handle owns it. Nothing is left behind on failure. */
    public Jail create(JailSpec spec) {
        return engine.create(Objects.requireNonNull(spec, "spec"));
    }

    /**
     * Creates the jail, or changes an existing jail of that name to match {@code spec} (jail -cm);
     * create-only parameters must then already have the spec's values. The handle owns the jail
     * only when this call created it.
     */
    public Jail createOrUpdate(JailSpec spec) {
        return engine.createOrUpdate(Objects.requireNonNull(spec, "spec"));
    }

    /** A handle on an existing jail that does not remove it when closed. */
    public Jail open(String nameOrJid) {
        return engine.open(nameOrJid);
    }

    public Jail open(int jid) {
        return open(Integer.toString(jid));
    }

    /** Changes settable parameters of a jail (jail -m); create-only parameters are refused before any syscall. */
    public Prison update(String nameOrJid, JailParams changes) {
        SpecRules.checkUpdate(nameOrJid, changes);
        return engine.update(nameOrJid, changes);
    }

    /** A jail by name or JID, alive. */
    public Optional<Prison> find(String nameOrJid) {
        return engine.find(nameOrJid, false);
    }

    public Optional<Prison> find(int jid) {
        return find(Integer.toString(jid));
    }

    /** A jail by name or JID, dying ones included. */
    public Optional<Prison> findIncludingDying(String nameOrJid) {
        return engine.find(nameOrJid, true);
    }

    /** Every alive jail, in JID order (jls). */
    public Stream<Prison> list() {
        return engine.list(false);
    }

    /** Every jail, dying ones included (jls -d). */
    public Stream<Prison> list(boolean includeDying) {
        return engine.list(includeDying);
    }

    /** Removes a jail by name or JID (jail -r). */
    public void remove(String nameOrJid) {
        engine.remove(nameOrJid);
    }

    /** Cleans what a crashed JVM left behind; returns the number of jails cleaned. */
    public int reconcile() {
        return engine.reconcile();
    }

    /** A parameter's type as this kernel reports it. */
    public JailParam<?> paramType(String name) {
        return engine.paramType(name);
    }

    /** A sysctl by name, typed by the kernel's format. */
    public Object sysctl(String name) {
        return engine.sysctl(name);
    }

    /** The engine, for the engines' own packages and tests. */
    Engine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "JailHost[" + engine.name() + "]";
    }
}
