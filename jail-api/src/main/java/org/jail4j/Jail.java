package org.jail4j;

import java.util.List;

/**
 * A live handle on one jail. A handle from {@link JailHost#create} owns its jail: {@link #close()}
 * removes it and undoes every host change made for it. A handle from {@link JailHost#open} does
 * not: closing it only lets go. Thread-safe.
 *
 * <pre>{@code
 * try (Jail jail = host.create(spec)) {
 *     Process p = jail.exec(List.of("/bin/hostname"));
 *     ...
 * }
 * }</pre>
 */
public interface Jail extends AutoCloseable {
    int jid();

    String name();

    /** Every parameter of the jail as the kernel reports it now (jail_get). */
    Prison prison();

    /** One parameter as the kernel reports it now. */
    default <T> T get(JailParam<T> p) {
        return prison().get(p);
    }

    /** Changes settable parameters (jail_set with JAIL_UPDATE); returns the new state. */
    Prison update(JailParams changes);

    /** Runs {@code command} inside the jail as root in {@code /}; returns a standard Process. */
    default Process exec(List<String> command) {
        return exec(ExecSpec.of(command));
    }

    /** Runs a command inside the jail as {@code spec} says; returns a standard Process. */
    Process exec(ExecSpec spec);

    /** Whether the jail still exists (and is not dying). */
    boolean isAlive();

    /** Whether {@link #close()} removes the jail. */
    boolean owned();

    /** Kills every process in the jail and removes it (jail_remove), then undoes its host changes. */
    void remove();

    /** For an owned handle, {@link #remove()}; otherwise lets go. Safe to call more than once. */
    @Override
    void close();
}
