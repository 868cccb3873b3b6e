package org.jail4j.examples;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** {@code ./jail4j COMMAND [args]}: the demo and jail(8)-like commands. */
public final class Main {
    /** A command of the launcher script. */
    @FunctionalInterface
    interface Command {
        int run(String[] args) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new TreeMap<>();

    static {
        COMMANDS.put("help", Main::help);
        COMMANDS.put("jail", JailCommand::run);
        COMMANDS.put("demo", Demo::run);
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "help" : args[0];
        Command c = COMMANDS.get(name);
        if (c == null) {
            System.err.println("jail4j: unknown command: " + name);
            help(new String[0]);
            System.exit(64);
        }
        System.exit(c.run(Arrays.copyOfRange(args, Math.min(1, args.length), args.length)));
    }

    private static int help(String[] args) {
        System.out.println("usage: ./jail4j COMMAND [args]");
        System.out.println("commands: " + String.join(", ", COMMANDS.keySet()));
        return 0;
    }
}
