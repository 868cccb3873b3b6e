package org.jail4j.freebsd;

import org.jail4j.ffi.Os;
import org.jail4j.spi.Engine;
import org.jail4j.spi.EngineProvider;

/** The FreeBSD kernel's jails: native on FreeBSD, or against a model of the kernel when one is configured. */
public final class FreeBsdEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "freebsd";
    }

    @Override
    public boolean nativeHere() {
        return Os.isFreeBsd();
    }

    @Override
    public Engine open() {
        return new FreeBsdEngine();
    }
}
