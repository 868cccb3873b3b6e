package org.jail4j.examples;

import java.nio.file.Path;

import jnr.ffi.LibraryLoader;

/**
 * The kernel model's test controls (jail-api/src/test/c/kmodel/state.c), bound directly: the
 * examples module does not see jail-api's test classes, only the library the build made.
 */
final class ModelControls {
    /** C names on purpose. */
    public interface Controls {
        void jail4j_model_reset();

        int jail4j_model_hold(int jid);
    }

    private static final class Holder {
        static final Controls CONTROLS = load();
    }

    private ModelControls() {
    }

    /** Forgets every jail and rule; JIDs start again at 1. */
    static void reset() {
        Holder.CONTROLS.jail4j_model_reset();
    }

    /** Keeps the jail dying (visible with JAIL_DYING) after it is removed. */
    static void hold(int jid) {
        if (Holder.CONTROLS.jail4j_model_hold(jid) != 0) {
            throw new IllegalArgumentException("no jail " + jid + " in the kernel model");
        }
    }

    private static Controls load() {
        Path lib = Path.of(System.getProperty("jail4j.freebsd.library")).toAbsolutePath();
        return LibraryLoader.create(Controls.class).failImmediately().search(lib.getParent().toString())
                .load(lib.getFileName().toString().replaceFirst("^lib", "").replaceFirst("\\.so$", ""));
    }
}
