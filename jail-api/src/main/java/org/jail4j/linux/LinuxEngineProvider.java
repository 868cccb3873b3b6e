package org.jail4j.linux;

import org.jail4j.ffi.Os;
import org.jail4j.spi.Engine;
import org.jail4j.spi.EngineProvider;

/** The Linux engine: jails from namespaces, held by the native launcher's keeper. */
public final class LinuxEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "linux";
    }

    @Override
    public boolean nativeHere() {
        return Os.isLinux();
    }

    @Override
    public Engine open() {
        return new LinuxEngine(StateDir.fromSystem(), LauncherLocation::launcher);
    }
}
