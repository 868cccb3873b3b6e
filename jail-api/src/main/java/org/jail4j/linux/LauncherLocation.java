package org.jail4j.linux;

import java.nio.file.Path;

/** Where the launcher binary is: the system property {@code jail4j.launcher}, else jail-native's verified copy. */
final class LauncherLocation {
    static final String PROPERTY = "jail4j.launcher";

    private LauncherLocation() {
    }

    static Launcher launcher() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isEmpty()) {
            return new Launcher(Path.of(p));
        }
        throw new IllegalStateException("no launcher: set -D" + PROPERTY);
    }
}
