package org.jail4j.examples;

import org.jail4j.JailHost;

/** The host the commands work on: the engine named by {@code -Djail4j.engine}, else this OS's. */
final class Hosts {
    static final String ENGINE_PROPERTY = "jail4j.engine";

    private Hosts() {
    }

    static JailHost current() {
        String engine = System.getProperty(ENGINE_PROPERTY);
        return engine == null || engine.isEmpty() ? JailHost.local() : JailHost.withEngine(engine);
    }
}
