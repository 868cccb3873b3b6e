package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.jail4j.InvalidParamException;
import org.jail4j.JailParams;
import org.jail4j.JailSys;
import org.jail4j.ffi.Os;
import org.junit.jupiter.api.Test;

class ParamTextTest {
    @Test
    void formatWritesJlsNameValueWordsWithBooleansByName() {
        JailParams p = JailParams.builder()
                .set(JailParams.HOST_HOSTNAME, "www.homenet.net")
                .set(JailParams.PERSIST, true)
                .set(JailParams.ALLOW_MOUNT, false)
                .set(JailParams.IP4, JailSys.INHERIT)
                .setText("ip4.addr", "127.0.1.10,127.0.1.11")
                .build();
        assertEquals("host.hostname=www.homenet.net persist allow.nomount ip4=inherit ip4.addr=127.0.1.10,127.0.1.11",
                ParamText.format(p));
    }

    @Test
    void valuesWithSpacesQuotesOrNothingAreQuotedAndReadBack() {
        JailParams p = JailParams.builder()
                .set(JailParams.HOST_HOSTNAME, "")
                .set(JailParams.HOST_DOMAINNAME, "a \"b\" \\c")
                .set(JailParams.META, Map.of("k", "v"))
                .build();
        String line = ParamText.format(p);
        assertEquals("host.hostname=\"\" host.domainname=\"a \\\"b\\\" \\\\c\" meta=k=v", line);
        assertEquals(p, ParamText.parse(line));
    }

    @Test
    void aNegatedBooleanReadsBackFalse() {
        JailParams p = ParamText.parse("allow.noset_hostname allow.mount nopersist");
        assertEquals(false, p.get(JailParams.ALLOW_SET_HOSTNAME));
        assertEquals(true, p.get(JailParams.ALLOW_MOUNT));
        assertEquals(false, p.get(JailParams.PERSIST));
    }

    @Test
    void parseRefusesAnUnterminatedQuote() {
        InvalidParamException e = assertThrows(InvalidParamException.class,
                () -> ParamText.parse("host.hostname=\"abc"));
        assertEquals("jail4j: EINVAL: unterminated quote in \"host.hostname=\"abc\"", e.getMessage());
    }

    @Test
    void recordSurvivesItsOwnText() {
        JailRecord r = new JailRecord(7, "a b", JailRecord.State.ALIVE, "/run/jail4j/7.root",
                List.of("mnt", "pid"), new ProcessIdentity(12, 34), null, null,
                JailParams.builder().set(JailParams.PERSIST, true).build());
        assertEquals(r, JailRecord.parse(r.text()));
    }

    @Test
    void osreldateIsTheKernelReleaseAsANumber() {
        assertEquals(618044, LinuxParams.osreldate("6.18.44-fc-v657"));
        assertEquals(510000, LinuxParams.osreldate("5.10"));
    }

    @Test
    void ledgerUndoesInReverseOrder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Ledger l = new Ledger(dir.resolve("1.ledger"));
        l.append(Ledger.Kind.DIR, "/x y");
        l.append(Ledger.Kind.FILE, "/x y/f");
        l.append(Ledger.Kind.KEEPER, "1", "w", "/x y");
        assertEquals(List.of(Ledger.Kind.KEEPER, Ledger.Kind.FILE, Ledger.Kind.DIR),
                l.undoOrder().stream().map(Ledger.Entry::kind).toList());
        assertEquals(List.of("1", "w", "/x y"), l.undoOrder().get(0).args());
    }

    @Test
    void processIdentityKnowsThisJvmAndNotAnEndedPid() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Os.isLinux(), "needs Linux /proc");
        ProcessIdentity me = ProcessIdentity.self();
        assertEquals(true, me.alive());
        assertEquals(false, new ProcessIdentity(me.pid(), me.start() + 1).alive());
    }
}
