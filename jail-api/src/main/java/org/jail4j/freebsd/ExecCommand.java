package org.jail4j.freebsd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jail4j.ExecSpec;

/**
 * The argv and environment that run an {@link ExecSpec} inside jail {@code jid}: the native
 * launcher's {@code exec} mode where a FreeBSD build of it is configured, else jexec(8) with the
 * options that do the same ({@code -l} login environment, {@code -U} the jail's user, {@code -d}
 * a directory inside the jail).
 */
final class ExecCommand {
    static final String JEXEC = "/usr/sbin/jexec";
    static final String DEFAULT_PATH = "/sbin:/bin:/usr/sbin:/usr/bin";

    private ExecCommand() {
    }

    /** {@code jexec [-l] [-U user] [-d dir] jid command...}. */
    static List<String> jexec(int jid, ExecSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add(JEXEC);
        if (spec.login()) {
            argv.add("-l");
        }
        spec.user().ifPresent(u -> {
            argv.add("-U");
            argv.add(u);
        });
        spec.directory().ifPresent(d -> {
            argv.add("-d");
            argv.add(d);
        });
        argv.add(Integer.toString(jid));
        argv.addAll(spec.command());
        return argv;
    }

    /** {@code jail4j-launcher exec --jid N [--dir D] [--user U] [--login] [--env K=V]... -- command...}. */
    static List<String> launcher(Path launcher, int jid, ExecSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        argv.add("exec");
        argv.add("--jid");
        argv.add(Integer.toString(jid));
        spec.directory().ifPresent(d -> {
            argv.add("--dir");
            argv.add(d);
        });
        spec.user().ifPresent(u -> {
            argv.add("--user");
            argv.add(u);
        });
        if (spec.login()) {
            argv.add("--login");
        }
        environment(spec).forEach((k, v) -> {
            argv.add("--env");
            argv.add(k + "=" + v);
        });
        argv.add("--");
        argv.addAll(spec.command());
        return argv;
    }

    /**
     * The environment the command gets: the spec's own, or a clean default, never the JVM's. jexec
     * hands its environment to the command (with {@code -l} it builds a login one itself).
     */
    static Map<String, String> environment(ExecSpec spec) {
        if (spec.environment().isPresent()) {
            return spec.environment().get();
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (spec.login()) {
            return env;
        }
        String user = spec.user().orElse("root");
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", user.equals("root") ? "/root" : "/");
        env.put("USER", user);
        env.put("SHELL", "/bin/sh");
        env.put("TERM", "dumb");
        return env;
    }
}
