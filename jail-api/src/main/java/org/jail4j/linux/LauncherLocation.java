package org.jail4j.linux;

import java.nio.file.Path;

import org.jail4j.JailException;
import org.jail4j.ffi.launcher.LauncherBinary;

/**
 * Where the launcher binary is: jail-native's extracted and checksum-verified copy, or the system
 * property {@code jail4j.launcher} (a launcher under development).
 */
final class LauncherLocation {
    static final String PROPERTY = "jail4j.launcher";

    private LauncherLocation() {
    }

    static Launcher launcher() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isEmpty()) {
            return new Launcher(Path.of(p));
        }
        try {
            return new Launcher(LauncherBinary.system().path());
        } catch (RuntimeException e) {
            throw new JailException("launcher", null, null, null, "no usable jail4j-launcher: " + e.getMessage(), e);
        }
    }
}
