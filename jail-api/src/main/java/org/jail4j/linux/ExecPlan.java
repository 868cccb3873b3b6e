package org.jail4j.linux;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jail4j.ExecSpec;

/**
 * Where a jailed command starts and with which environment: the one place both exec paths (the
 * keeper's fast path and a launcher process) take them from, so that they cannot drift apart.
 *
 * @param dir the working directory inside the jail
 * @param env the whole environment of the command
 */
record ExecPlan(String dir, Map<String, String> env) {
    /** The clean default environment's PATH. */
    static final String PATH = "/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin";
    /** A login environment's PATH: the launcher's own (exec.c) for jexec -l. */
    static final String LOGIN_PATH = "/bin:/usr/bin:/sbin:/usr/sbin";

    ExecPlan {
        env = Map.copyOf(env);
    }

    /**
     * The plan of {@code spec} run as {@code user}, whose entry in the jail's passwd is
     * {@code account} (empty when it has none: the launcher then reports the unknown user).
     * Without a login: the given environment exactly, or the clean default; in {@code /} unless
     * a directory is given. With a login (jexec -l): HOME, SHELL, USER and PATH, the given
     * values winning, in the user's home unless a directory is given.
     */
    static ExecPlan of(ExecSpec spec, String user, Optional<JailAccount> account) {
        Optional<String> home = account.map(JailAccount::home);
        if (spec.login()) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("HOME", home.orElse("/"));
            env.put("SHELL", account.map(JailAccount::shell).orElse("/bin/sh"));
            env.put("USER", user);
            env.put("PATH", LOGIN_PATH);
            spec.environment().ifPresent(env::putAll);
            return new ExecPlan(spec.directory().orElse(home.orElse("/")), env);
        }
        Map<String, String> env = spec.environment().orElseGet(() -> defaultEnv(user,
                home.orElse(user.equals("root") ? "/root" : "/")));
        return new ExecPlan(spec.directory().orElse("/"), env);
    }

    /** The clean environment of a jailed command: never the JVM's. */
    private static Map<String, String> defaultEnv(String user, String home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", home);
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("SHELL", "/bin/sh");
        env.put("TERM", "dumb");
        return env;
    }
}
