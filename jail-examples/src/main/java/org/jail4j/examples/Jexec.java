package org.jail4j.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailHost;

/**
 * {@code jexec [-l] [-u user | -U user] [-d dir] jail [command ...]}: runs a command in a jail
 * through {@link Jail#exec}, passing this process's stdin, stdout and stderr through, and exits
 * with the command's status. {@code -U} looks the user up in the jail's passwd; {@code -u} (the
 * host's passwd) is refused, since the API names users only as the jail knows them.
 */
public final class Jexec {
    static final String USAGE = "usage: jexec [-l] [-d working-directory] [-u username | -U username] jail "
            + "[command ...]";

    private final JailHost host;
    private final PrintStream err;

    Jexec(JailHost host, PrintStream err) {
        this.host = host;
        this.err = err;
    }

    static int main(String[] args) throws InterruptedException {
        return new Jexec(Hosts.current(), System.err).run(args);
    }

    /** The parsed command line. */
    record Options(boolean login, String user, String dir, String jail, List<String> command) {
    }

    static Options parse(String[] args) {
        boolean login = false;
        String user = null;
        String dir = null;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && args[i].length() > 1; i++) {
            String a = args[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            for (int c = 1; c < a.length(); c++) {
                char f = a.charAt(c);
                if (f == 'l') {
                    login = true;
                    continue;
                }
                if (f != 'u' && f != 'U' && f != 'd') {
                    throw new IllegalArgumentException("illegal option -- " + f + "\n" + USAGE);
                }
                String v = c + 1 < a.length() ? a.substring(c + 1) : (++i < args.length ? args[i] : null);
                if (v == null) {
                    throw new IllegalArgumentException("option requires an argument -- " + f + "\n" + USAGE);
                }
                if (f == 'u') {
                    throw new IllegalArgumentException("-u " + v + ": a user from the host's passwd is not "
                            + "supported; use -U " + v + " (the jail's passwd)");
                }
                if (f == 'U') {
                    user = v;
                } else {
                    dir = v;
                }
                break;
            }
        }
        if (i >= args.length) {
            throw new IllegalArgumentException(USAGE);
        }
        String jail = args[i++];
        List<String> command = new ArrayList<>();
        for (; i < args.length; i++) {
            command.add(args[i]);
        }
        if (command.isEmpty()) {
            // jexec runs the user's shell when no command is given.
            command.add("/bin/sh");
        }
        return new Options(login, user, dir, jail, command);
    }

    static ExecSpec spec(Options o) {
        ExecSpec.Builder b = ExecSpec.builder(o.command()).login(o.login()).inheritIO();
        if (o.user() != null) {
            b.user(o.user());
        }
        if (o.dir() != null) {
            b.directory(o.dir());
        }
        return b.build();
    }

    int run(String[] args) throws InterruptedException {
        Options o;
        ExecSpec spec;
        try {
            o = parse(args);
            spec = spec(o);
        } catch (IllegalArgumentException e) {
            err.println("jexec: " + e.getMessage());
            return 1;
        }
        try (Jail jail = host.open(o.jail())) {
            Process p = jail.exec(spec);
            return p.waitFor();
        } catch (JailException e) {
            err.println("jexec: " + e.getMessage());
            return 1;
        }
    }
}
