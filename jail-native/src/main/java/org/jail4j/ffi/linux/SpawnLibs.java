package org.jail4j.ffi.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/** Holds {@link LibcSpawn} once loaded; reached through {@link LibcSpawn#libc()}. */
final class SpawnLibs {
    static final LibcSpawn LIBC = LibraryLoader.create(LibcSpawn.class).failImmediately()
            .load(Platform.getNativePlatform().getStandardCLibraryName());
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private SpawnLibs() {
    }
}
