package org.jail4j.ffi.linux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One spawn request for a keeper's control socket (PROTOCOL.md, {@code spawn}): who runs what,
 * where, with which environment. Numeric ids only: looking a user up in the jail's passwd is the
 * engine's business. Non-API.
 *
 * @param argv the command and its arguments, not empty; {@code argv[0]} is looked up in the jail's PATH
 * @param env the whole environment, nothing inherited
 * @param dir the working directory inside the jail, absolute
 */
public record SpawnRequest(List<String> argv, Map<String, String> env, String dir, int uid, int gid,
                           List<Integer> groups) {
    static final String VERSION = "v1";

    public SpawnRequest {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        groups = List.copyOf(groups);
        Objects.requireNonNull(dir, "dir");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if (!dir.startsWith("/")) {
            throw new IllegalArgumentException("directory inside the jail must be absolute: " + dir);
        }
        env.keySet().stream().filter(k -> k.isEmpty() || k.indexOf('=') >= 0).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("environment name must be non-empty and without '=': " + k);
        });
    }

    /** root in {@code /}, no supplementary groups. */
    public static SpawnRequest asRoot(List<String> argv, Map<String, String> env) {
        return new SpawnRequest(argv, env, "/", 0, 0, List.of());
    }

    /** The NUL-terminated fields of the request message, in the protocol's order. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, VERSION);
        field(out, Integer.toUnsignedString(uid));
        field(out, Integer.toUnsignedString(gid));
        field(out, Integer.toString(groups.size()));
        groups.forEach(g -> field(out, Integer.toUnsignedString(g)));
        field(out, dir);
        field(out, Integer.toString(env.size()));
        env.forEach((k, v) -> field(out, k + "=" + v));
        field(out, Integer.toString(argv.size()));
        argv.forEach(a -> field(out, a));
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL inside a spawn request field: " + s.replace('\0', '@'));
        }
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
