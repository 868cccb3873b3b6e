package org.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jail4j.Jail;
import org.jail4j.JailHost;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jls over the FreeBSD engine and the kernel model, against golden files written by hand from
 * the format strings of usr.sbin/jls/jls.c. The jails: www (1, one address, a domain name with a
 * blank), db (2, two IPv4 and one IPv6 address), empty (3, nothing set) and gone (4, dying).
 */
class JlsGoldenTest {
    private JailHost host;
    /** Kept and closed: a dropped handle's Cleaner would remove the same-named jail of a later test. */
    private final List<Jail> handles = new ArrayList<>();

    @BeforeEach
    void jails() throws Exception {
        ModelControls.reset();
        host = JailHost.withEngine("freebsd");
        handles.add(host.create(JailSpec.builder("www").path(Path.of("/")).persist(true).hostname("www.example.org")
                .set(JailParams.HOST_DOMAINNAME, "my domain")
                .set(JailParams.IP4_ADDR, List.of((Inet4Address) InetAddress.getByName("10.1.1.1"))).build()));
        handles.add(host.create(JailSpec.builder("db").path(Path.of("/")).persist(true).hostname("db.example.org")
                .set(JailParams.IP4_ADDR, List.of((Inet4Address) InetAddress.getByName("10.1.1.2"),
                        (Inet4Address) InetAddress.getByName("10.1.1.3")))
                .set(JailParams.IP6_ADDR, List.of((Inet6Address) InetAddress.getByName("fd00::2"))).build()));
        handles.add(host.create(JailSpec.builder("empty").path(Path.of("/")).persist(true).build()));
        Jail gone = host.create(JailSpec.builder("gone").path(Path.of("/")).persist(true).hostname("gone").build());
        ModelControls.hold(gone.jid());
        gone.close();
    }

    @AfterEach
    void reset() {
        try {
            handles.forEach(Jail::close);
        } finally {
            ModelControls.reset();
        }
    }

    private String jls(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Jls(host, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertEquals(0, rc);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = JlsGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "jls {1} matches {0}")
    @CsvSource(delimiter = '|', value = {
        "jls.txt      |",
        "jls-v.txt    | -v",
        "jls-n.txt    | -n",
        "jls-h.txt    | -h",
        "jls-q.txt    | -q name host.domainname ip6.addr allow.nomount",
        "jls-s.txt    | -s",
        "jls-d.txt    | -d",
        "jls-N.txt    | -N",
        "jls-json.txt | --libxo=json",
    })
    void matchesJlsLayout(String golden, String args) throws IOException {
        assertEquals(golden(golden), jls(args == null ? new String[0] : args.split(" ")));
    }

    @Test
    void oneJailByName() {
        assertEquals("db db.example.org\n", jls("-j", "db", "name", "host.hostname"));
    }

    private String failure(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Jls(host, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(args);
        assertEquals(1, rc);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingJailIsAnError() {
        assertEquals("jls: jail \"nosuch\" not found\n", failure("-j", "nosuch"));
    }

    @Test
    void unknownParameterIsAnError() {
        assertEquals("jls: unknown parameter: vnet\n", failure("vnet"));
    }
}
