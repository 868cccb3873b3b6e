package org.jail4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.JailHost;
import org.jail4j.JailSpec;
import org.jail4j.Network;
import org.jail4j.World;

/**
 * {@code ./jail4j demo}: the classic jail {@code www} (hostname {@code www.homenet.net}, the
 * internal address 127.0.1.10), commands inside that show what it is isolated from, the jail
 * list as jls(8) prints it, then removal and proof that the host keeps nothing of it.
 */
final class Demo {
    private Demo() {
    }

    static int run(String[] args) throws Exception {
        JailHost host = JailHost.local();
        System.out.println("== jail4j demo on the " + host.engineName() + " engine ("
                + host.capabilities().kernel() + ")");
        JailSpec spec = JailSpec.builder("www")
                .world(World.thin())
                .hostname("www.homenet.net")
                .network(Network.loopback("127.0.1.10"))
                .persist(true)
                .build();
        int jid;
        try (Jail www = host.create(spec)) {
            jid = www.jid();
            System.out.println("created jail " + www.name() + " (jid " + jid + ")");
            System.out.println();
            show(www, "its own hostname", "/bin/hostname");
            show(www, "only its own processes", "/bin/ps", "-ef");
            show(www, "its own root directory", "/bin/ls", "-l", "/");
            show(www, "only its own address, on loopback", "/usr/sbin/ip", "-4", "-o", "addr", "show");
            show(www, "mount is refused", "/bin/mount", "-t", "tmpfs", "tmpfs", "/tmp");
            System.out.println("== jls");
            System.out.println(JlsTable.format(host.list().toList()));
            System.out.println();
            System.out.println("== removing www");
        }
        System.out.println("www found after removal: " + host.findIncludingDying("www").isPresent());
        System.out.println("keeper processes of www left: " + keepers(jid));
        System.out.println("state entries left (lock files aside): " + stateEntries());
        System.out.println("host mounts naming jail4j: " + mounts());
        return 0;
    }

    private static void show(Jail jail, String what, String... command) throws IOException, InterruptedException {
        System.out.println("== " + what + ": " + String.join(" ", command));
        Process p = jail.exec(ExecSpec.builder(command).redirectErrorStream(true).build());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        out.lines().forEach(l -> System.out.println("   " + l));
        System.out.println("   (exit status " + status + ")");
        System.out.println();
    }

    /** Keepers of this jail only: other programs on the host may hold jails of their own. */
    private static List<String> keepers(int jid) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("jail4j-launcher keeper --name www --jid "
                        + jid + " ")).orElse(false))
                .map(h -> Long.toString(h.pid())).toList();
    }

    private static List<String> stateEntries() throws IOException {
        Path dir = Path.of(System.getProperty("jail4j.state.dir", "/run/jail4j"));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    private static List<String> mounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains("jail4j"))
                .toList();
    }
}
