package org.jail4j.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's UTS names, as the kernel holds them for this JVM's namespace. */
final class HostNames {
    private HostNames() {
    }

    static String hostname() {
        return read("hostname");
    }

    /** The NIS domain name; Linux spells an unset one "(none)", FreeBSD an empty string. */
    static String domainname() {
        String d = read("domainname");
        return d.equals("(none)") ? "" : d;
    }

    private static String read(String name) {
        Path p = Path.of("/proc/sys/kernel", name);
        try {
            return Files.readString(p, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + p, e);
        }
    }
}
