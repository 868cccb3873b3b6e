package org.jail4j.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailException;
import org.jail4j.JailHost;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;
import org.jail4j.World;

/**
 * {@code ./jail4j jail -c|-m|-r ...}: jail(8)'s command line. Parameters are {@code name=value}
 * pairs, booleans by name or by their {@code no} form, lists comma-separated
 * ({@code ip4.addr=127.0.1.10,127.0.1.11}); {@code command=PROG ARGS...} (the rest of the line)
 * runs in the new jail. On Linux a jail without {@code path} gets a thin world.
 *
 * <pre>
 * ./jail4j jail -c name=w1 host.hostname=w1 persist
 * ./jail4j jail -m name=w1 host.hostname=w1.example
 * ./jail4j jail -r w1
 * </pre>
 */
final class JailCommand {
    /**
     * Handles of the jails made here, kept reachable until the JVM exits: an owning handle that is
     * collected removes its jail, and a jail made by jail(8) outlives the command.
     */
    private static final List<Jail> MADE = new java.util.concurrent.CopyOnWriteArrayList<>();

    private JailCommand() {
    }

    static int run(String[] args) throws Exception {
        boolean create = false;
        boolean modify = false;
        boolean remove = false;
        boolean printJid = false;
        boolean quiet = false;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && args[i].length() > 1; i++) {
            for (char c : args[i].substring(1).toCharArray()) {
                switch (c) {
                    case 'c' -> create = true;
                    case 'm' -> modify = true;
                    case 'r' -> remove = true;
                    case 'i' -> printJid = true;
                    case 'q' -> quiet = true;
                    default -> {
                        return usage("unknown option -" + c);
                    }
                }
            }
        }
        String[] rest = Arrays.copyOfRange(args, i, args.length);
        if (remove == (create || modify)) {
            return usage("exactly one of -c, -m, -cm or -r");
        }
        try {
            if (remove) {
                return removeAll(rest, quiet);
            }
            return createOrModify(rest, create, modify, printJid, quiet);
        } catch (JailException e) {
            System.err.println("jail: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(String why) {
        System.err.println("jail: " + why);
        System.err.println("usage: jail [-iq] -c|-m|-cm param=value ... [command=command ...]");
        System.err.println("       jail [-q] -r jail ...");
        return 64;
    }

    private static int removeAll(String[] names, boolean quiet) {
        if (names.length == 0) {
            return usage("-r needs a jail");
        }
        JailHost host = JailHost.local();
        for (String n : names) {
            host.remove(n);
            if (!quiet) {
                System.out.println(n + ": removed");
            }
        }
        return 0;
    }

    private static int createOrModify(String[] words, boolean create, boolean modify, boolean printJid,
                                      boolean quiet) throws Exception {
        String name = null;
        List<String> command = new ArrayList<>();
        JailParams.Builder params = JailParams.builder();
        for (int k = 0; k < words.length; k++) {
            String w = words[k];
            int eq = w.indexOf('=');
            String key = eq < 0 ? w : w.substring(0, eq);
            String value = eq < 0 ? "" : w.substring(eq + 1);
            if (key.equals("command")) {
                command.add(value);
                command.addAll(Arrays.asList(words).subList(k + 1, words.length));
                break;
            }
            if (key.equals("name")) {
                name = value;
            } else {
                params.setText(key, value);
            }
        }
        if (name == null) {
            return usage("a name= parameter is needed");
        }
        JailHost host = JailHost.local();
        boolean exists = host.find(name).isPresent();
        if (modify && (exists || !create)) {
            host.update(name, params.build());
            if (!quiet) {
                System.out.println(name + ": updated");
            }
            return 0;
        }
        JailParams p = params.build();
        JailSpec.Builder spec = JailSpec.builder(name).setAll(p);
        if (!p.contains(JailParams.PATH) && host.engineName().equals("linux")) {
            spec.world(World.thin());
        }
        Jail jail = host.create(spec.build());
        MADE.add(jail);
        if (printJid) {
            System.out.println(jail.jid());
        } else if (!quiet) {
            System.out.println(name + ": created");
        }
        if (command.isEmpty()) {
            return 0;
        }
        Process proc = jail.exec(ExecSpec.builder(command).inheritIO().build());
        return proc.waitFor();
    }
}
