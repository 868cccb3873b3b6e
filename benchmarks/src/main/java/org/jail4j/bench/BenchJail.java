package org.jail4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jail4j.Jail;
import org.jail4j.JailHost;

/**
 * The existing jail of the exec benchmarks, made through the public API (a thin world, as
 * {@code lifecycle.jail4j} makes), and its keeper's host pid for the comparisons that need one
 * ({@code exec.nsenter}, {@code keeper.rss_kib}). The API does not name a jail's keeper; the
 * launcher's contract does (PROTOCOL.md: a keeper's arguments stay as given,
 * {@code keeper --name NAME ...}, so that it can be found by them), and that is what is read here.
 */
final class BenchJail {
    private BenchJail() {
    }

    static Jail create(String prefix) {
        return JailHost.local().create(LifecycleBench.spec(prefix));
    }

    /** The host pid of the keeper of {@code jail}, found by its command line. */
    static long keeperPid(Jail jail) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            List<Long> found = s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> isKeeperOf(p, jail.name()))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one keeper of jail " + jail.name() + ", found " + found);
            }
            return found.get(0);
        }
    }

    private static boolean isKeeperOf(Path proc, String name) {
        List<String> args;
        try {
            args = Arrays.asList(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .split("\0"));
        } catch (IOException e) {
            return false;   // the process ended while we looked
        }
        int at = args.indexOf("--name");
        return args.size() > 1 && args.get(0).contains("jail4j-launcher") && args.get(1).equals("keeper")
                && at > 0 && at + 1 < args.size() && args.get(at + 1).equals(name);
    }

    /** VmRSS of a process, in KiB. */
    static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no VmRSS for " + pid));
    }
}
