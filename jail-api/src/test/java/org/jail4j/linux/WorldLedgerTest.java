package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.jail4j.JailException;
import org.jail4j.JailSpec;
import org.jail4j.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a world's ledger holds: every change it made, each covered by a line written before it. */
class WorldLedgerTest {
    @Test
    void theEnginesOwnRootIsOneLineThatCoversTheWholeWorld(@TempDir Path dir) throws IOException {
        Ledger ledger = new Ledger(dir.resolve("7.ledger"));
        Path root = dir.resolve("7.root");
        new WorldInstaller(ledger, "w").thin(JailSpec.builder("w").world(World.thin()).build(), root, "h");
        assertEquals(List.of(new Ledger.Entry(Ledger.Kind.DIR, List.of(root.toString()))), ledger.entries());
        assertEquals("h\n", Files.readString(root.resolve("etc/hostname"), StandardCharsets.UTF_8));
    }

    @Test
    void aWorldInTheCallersPathRecordsEachTopLevelChangeAndNothingItAlreadyHad(@TempDir Path dir)
            throws IOException {
        Path root = Files.createDirectory(dir.resolve("mine"));
        Files.createDirectory(root.resolve("tmp"));
        Ledger ledger = new Ledger(dir.resolve("8.ledger"));
        new WorldInstaller(ledger, "w").thin(JailSpec.builder("w").world(World.thin()).path(root).build(),
                dir.resolve("unused"), "h");
        List<String> recorded = ledger.entries().stream().map(e -> e.args().get(0)).toList();
        assertTrue(recorded.contains(root.resolve("etc").toString()), recorded.toString());
        assertTrue(recorded.contains(root.resolve("var").toString()), recorded.toString());
        assertTrue(recorded.stream().noneMatch(p -> p.startsWith(root.resolve("etc") + "/")
                || p.startsWith(root.resolve("var") + "/")), "covered by their directory: " + recorded);
        assertTrue(!recorded.contains(root.resolve("tmp").toString()), "the caller's own tmp: " + recorded);
        try (Stream<Path> made = Files.list(root)) {
            List<String> uncovered = made.filter(p -> !p.getFileName().toString().equals("tmp"))
                    .map(Path::toString).filter(p -> !recorded.contains(p)).toList();
            assertEquals(List.of(), uncovered, "every top-level change has its line");
        }
    }

    @Test
    void aRootLeftOverFromALostJailIsRefusedNotAdopted(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("7.root/etc"));
        Ledger ledger = new Ledger(dir.resolve("7.ledger"));
        JailException e = assertThrows(JailException.class, () -> new WorldInstaller(ledger, "w")
                .thin(JailSpec.builder("w").world(World.thin()).build(), root.getParent(), "h"));
        assertEquals("EEXIST", e.errno());
        assertEquals(List.of(), ledger.entries(), "nothing recorded, so removing the jail leaves the leftover alone");
        try (Stream<Path> left = Files.list(root.getParent())) {
            assertEquals(List.of(root), left.toList());
        }
    }

    @Test
    void aLastLineCutShortByACrashIsNotAnEntry(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("9.ledger");
        Files.writeString(file, "dir /a\nfile /a/b\nkee", StandardCharsets.UTF_8);
        assertEquals(List.of(new Ledger.Entry(Ledger.Kind.DIR, List.of("/a")),
                new Ledger.Entry(Ledger.Kind.FILE, List.of("/a/b"))), new Ledger(file).entries());
    }

    @Test
    void oneStepsLinesGoOutTogetherInOrder(@TempDir Path dir) {
        Ledger ledger = new Ledger(dir.resolve("10.ledger"));
        ledger.append(Ledger.Kind.DIR, "/r");
        ledger.appendUnsynced(List.of(new Ledger.Entry(Ledger.Kind.FILE, List.of("/r.log")),
                new Ledger.Entry(Ledger.Kind.KEEPER, List.of("10", "w", "/r"))));
        assertEquals(List.of(Ledger.Kind.DIR, Ledger.Kind.FILE, Ledger.Kind.KEEPER),
                ledger.entries().stream().map(Ledger.Entry::kind).toList());
    }
}
