package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jail4j.Jail;
import org.jail4j.JailHost;
import org.jail4j.JailSpec;
import org.jail4j.Prison;
import org.jail4j.World;
import org.jail4j.ffi.Os;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Jails for one test: unique names per test, every jail removed after the test even when it
 * failed, then the proof that nothing is left: no record, ledger, log or root of the Linux
 * engine in its state directory, and no keeper process of the test's jails.
 *
 * <pre>{@code
 * @RegisterExtension final JailFixture jails = JailFixture.forThisOs();
 * @Test void execSeesTheJailHostname() throws Exception {
 *     Jail jail = jails.create(spec -> spec.hostname("t1.example"));
 *     ...
 * }
 * }</pre>
 */
public final class JailFixture implements BeforeEachCallback, AfterEachCallback {
    private static final AtomicInteger RUN = new AtomicInteger();

    private final boolean linuxOnly;
    private final List<String> names = new ArrayList<>();
    private final List<Jail> handles = new ArrayList<>();
    private String prefix;
    private int counter;

    private JailFixture(boolean linuxOnly) {
        this.linuxOnly = linuxOnly;
    }

    /** A fixture on this OS's engine. */
    public static JailFixture forThisOs() {
        return new JailFixture(false);
    }

    /** A fixture whose tests are skipped, saying why, where the host is not Linux. */
    public static JailFixture forLinux() {
        return new JailFixture(true);
    }

    public JailHost host() {
        return JailHost.local();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (linuxOnly) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Os.isLinux(), "needs Linux namespaces");
        }
        String method = context.getTestMethod().map(m -> m.getName()).orElse("t");
        prefix = "j" + ProcessHandle.current().pid() + "r" + RUN.incrementAndGet() + "-"
                + method.substring(0, Math.min(12, method.length()));
        counter = 0;
    }

    /** A fresh jail name for this test; the fixture removes any jail of that name afterwards. */
    public String name() {
        String n = prefix + "-" + (++counter);
        names.add(n);
        return n;
    }

    /** The default spec of a test jail: a unique name, a thin world, persistent, no network. */
    public JailSpec.Builder spec() {
        return JailSpec.builder(name()).world(World.thin()).persist(true);
    }

    /** Creates a jail from {@link #spec()} as {@code customizer} changes it. */
    public Jail create(Consumer<JailSpec.Builder> customizer) {
        JailSpec.Builder b = spec();
        customizer.accept(b);
        return track(host().create(b.build()));
    }

    public Jail create() {
        return create(b -> { });
    }

    /** Makes the fixture close (and so remove) a handle after the test. */
    public Jail track(Jail j) {
        handles.add(j);
        if (!names.contains(j.name())) {
            names.add(j.name());
        }
        return j;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuntimeException failure = null;
        for (Jail j : handles) {
            try {
                j.close();
            } catch (RuntimeException e) {
                failure = keep(failure, e);
            }
        }
        for (String n : names) {
            try {
                Optional<Prison> p = host().findIncludingDying(n);
                if (p.isPresent()) {
                    host().remove(n);
                }
            } catch (RuntimeException e) {
                failure = keep(failure, e);
            }
        }
        handles.clear();
        List<String> ours = List.copyOf(names);
        names.clear();
        if (failure != null) {
            throw failure;
        }
        assertNothingLeft(ours);
    }

    private static RuntimeException keep(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** No state file but lock files, and no keeper process of these jails. */
    public static void assertNothingLeft(List<String> jailNames) {
        if (!Os.isLinux()) {
            return;
        }
        assertEquals(List.of(), stateEntries(), "state directory entries left");
        assertEquals(List.of(), keepersNamed(jailNames), "keeper processes left");
    }

    /**
     * The host keeps nothing of this JVM's jails: no state entry, no keeper, no mount naming the
     * state directory or jail4j in the host's mount table, no named network namespace of jail4j.
     */
    public static void assertHostClean() {
        if (!Os.isLinux()) {
            return;
        }
        assertEquals(List.of(), stateEntries(), "state directory entries left");
        assertEquals(List.of(), keepersOfThisJvm(), "keeper processes left");
        String dir = StateDir.fromSystem().dir().toString();
        assertEquals(List.of(), linesContaining(Path.of("/proc/self/mountinfo"), dir), "host mounts left");
        assertEquals(List.of(), linesContaining(Path.of("/proc/1/mountinfo"), "jail4j"), "host mounts left");
        Path netns = Path.of("/run/netns");
        if (Files.isDirectory(netns)) {
            try (Stream<Path> s = Files.list(netns)) {
                assertEquals(List.of(), s.map(Path::toString).filter(n -> n.contains("jail4j")).toList(),
                        "named network namespaces left");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<String> linesContaining(Path file, String text) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything in the state directory except lock files. */
    public static List<String> stateEntries() {
        Path dir = StateDir.fromSystem().dir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live keeper processes whose {@code --name} is one of {@code jailNames}. */
    public static List<Long> keepersNamed(List<String> jailNames) {
        return ProcessIdentity.matching(args -> args.size() > 1 && args.get(1).equals("keeper")
                        && args.get(0).contains("jail4j-launcher")
                        && KeeperProcess.option(args, "--name").filter(jailNames::contains).isPresent())
                .stream().map(ProcessIdentity::pid).toList();
    }

    /** Live keeper processes of the launcher whose root lies in the state directory or whose name has this prefix. */
    public static List<Long> keepersOfThisJvm() {
        String mark = "j" + ProcessHandle.current().pid() + "r";
        return ProcessIdentity.matching(args -> args.size() > 1 && args.get(1).equals("keeper")
                        && args.get(0).contains("jail4j-launcher")
                        && KeeperProcess.option(args, "--name").filter(n -> n.startsWith(mark)).isPresent())
                .stream().map(ProcessIdentity::pid).toList();
    }

    /** Waits for {@code condition} up to {@code seconds}; the caller asserts it afterwards. */
    public static boolean await(java.util.function.BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
