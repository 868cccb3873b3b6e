package org.jail4j.freebsd;

import java.nio.file.Path;
import java.util.Objects;

import jnr.ffi.LibraryLoader;
import org.jail4j.ffi.freebsd.FreeBsdLibs;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The C model of the FreeBSD 13.2 kernel contract ({@code src/test/c/kmodel}), which the test
 * build compiles and hands to {@link FreeBsdLibs} through the system property
 * {@value FreeBsdLibs#LIBRARY_PROPERTY}: on any host, {@code FreeBsdLibs.jail()},
 * {@code sysctl()} and {@code rctl()} then reach the model, with FreeBSD flags and FreeBSD errno
 * numbers, exactly as they would reach a 13.2 kernel.
 *
 * <p>Register it in a test class and every test starts from a fresh kernel (no jails, no rctl
 * rules, RACCT on, no trace, automatic JIDs from 1):
 * <pre>{@code
 * @RegisterExtension final KernelModel model = new KernelModel();
 * }</pre>
 * The controls below stand in for what a test cannot do to a real kernel: processes leaving a
 * jail, resources that keep a dead jail dying, RACCT switched off, and a trace of every call.
 */
public final class KernelModel implements BeforeEachCallback {
    /** The model's test-only entry points (C names on purpose, see state.c and trace.c). */
    public interface Controls {
        void jail4j_model_reset();

        int jail4j_model_trace(String path);

        int jail4j_model_trace_failures();

        void jail4j_model_set_racct(int enabled);

        int jail4j_model_detach_all(int jid);

        int jail4j_model_hold(int jid);

        int jail4j_model_release(int jid);

        int jail4j_model_nproc(int jid);
    }

    private static final class Holder {
        static final Controls CONTROLS = load();
    }

    /** Resets the model before each test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    /**
     * Clears every jail and rule and switches RACCT back on; JIDs restart at 1. A trace that was on
     * gets a last {@code {"call":"reset"}} line, then tracing stops.
     */
    public void reset() {
        controls().jail4j_model_reset();
        controls().jail4j_model_trace(null);
    }

    /**
     * Appends one JSON line per call to {@code file} from now on (format in trace.c), starting with
     * a {@code {"call":"reset"}} line when the model is reset while tracing.
     */
    public void trace(Path file) {
        Objects.requireNonNull(file, "file");
        controls().jail4j_model_trace(file.toAbsolutePath().toString());
    }

    /** Stops tracing (the environment variable JAIL4J_MODEL_TRACE applies again, if set). */
    public void traceOff() {
        controls().jail4j_model_trace(null);
    }

    /** Trace lines the model could not write since it was loaded. */
    public int traceFailures() {
        return controls().jail4j_model_trace_failures();
    }

    /** RACCT on (the default) or off, when every rctl call fails with ENOSYS. */
    public void racct(boolean enabled) {
        controls().jail4j_model_set_racct(enabled ? 1 : 0);
    }

    /**
     * Every process attached to the jail (by jail_attach, JAIL_ATTACH or jail(2)) exits. A jail
     * without persist then dies: it is gone, or dying while {@link #hold} resources remain.
     *
     * @throws IllegalArgumentException if there is no such jail, alive or dying
     */
    public void detachAll(int jid) {
        require(controls().jail4j_model_detach_all(jid), jid);
    }

    /** A resource (say a socket in TIME_WAIT) that keeps the jail visible as dying after it died. */
    public void hold(int jid) {
        require(controls().jail4j_model_hold(jid), jid);
    }

    /** Drops one {@link #hold}; a dead jail with none left is freed. */
    public void release(int jid) {
        require(controls().jail4j_model_release(jid), jid);
    }

    /** The number of model processes attached to the jail, or -1 if there is no such jail. */
    public int processes(int jid) {
        return controls().jail4j_model_nproc(jid);
    }

    private static void require(int rc, int jid) {
        if (rc != 0) {
            throw new IllegalArgumentException("no jail " + jid + " in the kernel model");
        }
    }

    private static Controls controls() {
        return Holder.CONTROLS;
    }

    private static Controls load() {
        String lib = System.getProperty(FreeBsdLibs.LIBRARY_PROPERTY);
        if (lib == null) {
            throw new IllegalStateException("system property " + FreeBsdLibs.LIBRARY_PROPERTY
                    + " is not set: the test build passes the kernel model's path (jail-api/pom.xml)");
        }
        Path path = Path.of(lib).toAbsolutePath();
        String name = path.getFileName().toString().replaceFirst("^lib", "").replaceFirst("\\.so$", "");
        return LibraryLoader.create(Controls.class).failImmediately()
                .search(path.getParent().toString()).load(name);
    }
}
