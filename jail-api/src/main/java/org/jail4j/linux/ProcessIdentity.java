package org.jail4j.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process named by its pid and its start time (field 22 of {@code /proc/PID/stat}, clock ticks
 * since boot), so that a reused pid is never taken for the process that was recorded.
 *
 * @param pid   the host pid
 * @param start the start time in clock ticks since boot
 */
record ProcessIdentity(long pid, long start) {
    private static final Path PROC = Path.of("/proc");

    /** This JVM. */
    static ProcessIdentity self() {
        long pid = ProcessHandle.current().pid();
        return of(pid).orElseThrow(() -> new IllegalStateException("/proc/" + pid + "/stat is not readable"));
    }

    /** The process now running as {@code pid}, or empty when there is none (or only its zombie). */
    static Optional<ProcessIdentity> of(long pid) {
        return stat(pid).filter(s -> !s.zombie()).map(s -> new ProcessIdentity(pid, s.start()));
    }

    /** Whether this very process still runs (a zombie has ended: the host's init may never reap it). */
    boolean alive() {
        return stat(pid).map(s -> !s.zombie() && s.start() == start).orElse(false);
    }

    /** The argument vector of this process, empty when it has ended. */
    List<String> args() {
        return readArgs(pid);
    }

    /** Every live process whose argument vector {@code test} accepts. */
    static List<ProcessIdentity> matching(java.util.function.Predicate<List<String>> test) {
        List<ProcessIdentity> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(PROC)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .forEach(pid -> {
                        List<String> args = readArgs(pid);
                        if (!args.isEmpty() && test.test(args)) {
                            of(pid).ifPresent(out::add);
                        }
                    });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("listing /proc", e);
        }
        return out;
    }

    private record Stat(long start, boolean zombie) {
    }

    private static Optional<Stat> stat(long pid) {
        String text;
        try {
            text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A process that ends while we read gives ESRCH; it is gone either way.
            return Optional.empty();
        }
        // comm (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
        String[] f = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state); field 22 (starttime) is f[19].
        return Optional.of(new Stat(Long.parseLong(f[19]), f[0].equals("Z") || f[0].equals("X")));
    }

    private static List<String> readArgs(long pid) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
        } catch (IOException e) {
            return List.of();
        }
        if (raw.length == 0) {
            return List.of();
        }
        String s = new String(raw, StandardCharsets.UTF_8);
        if (s.endsWith("\0")) {
            s = s.substring(0, s.length() - 1);
        }
        return Arrays.asList(s.split("\0", -1));
    }

    @Override
    public String toString() {
        return pid + "@" + start;
    }
}
