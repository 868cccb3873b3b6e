package org.jail4j.spi;

/**
 * Finds an engine through {@link java.util.ServiceLoader}. Each engine package has one public
 * provider; everything else in it is package-private.
 */
public interface EngineProvider {
    /** "freebsd" or "linux". */
    String name();

    /** Whether this engine runs on the current host without configuration. */
    boolean nativeHere();

    /** A new engine. Called once per {@code JailHost}. */
    Engine open();
}
