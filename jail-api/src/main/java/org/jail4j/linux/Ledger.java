package org.jail4j.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The host changes made for one jail, in {@code <state>/<jid>.ledger}, one line each, written
 * (and synced) <em>before</em> the change is made, so that a JVM killed at any point leaves a
 * ledger that describes everything it may have done. Undone in reverse order.
 */
final class Ledger {
    /** What one line records. */
    enum Kind {
        /** A directory the engine created; removed with what the jail wrote into it. */
        DIR,
        /** A file the engine created. */
        FILE,
        /** The keeper process of the jail (args: jid, name, root), killed with every process in the jail. */
        KEEPER
    }

    /**
     * One change.
     *
     * @param kind what was changed
     * @param args the path, or for a keeper its JID, name and root
     */
    record Entry(Kind kind, List<String> args) {
        Entry {
            args = List.copyOf(args);
        }

        String line() {
            StringBuilder b = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
            for (String a : args) {
                b.append(' ').append(ParamText.quote(a));
            }
            return b.toString();
        }

        static Entry parse(String line) {
            List<String> w = ParamText.words(line);
            return new Entry(Kind.valueOf(w.get(0).toUpperCase(java.util.Locale.ROOT)), w.subList(1, w.size()));
        }
    }

    private final Path file;

    Ledger(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Records a change about to be made. */
    void append(Kind kind, String... args) {
        try {
            Files.writeString(file, new Entry(kind, List.of(args)).line() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the ledger " + file, e);
        }
    }

    /** The changes, in the order they were made; empty when there is no ledger. */
    List<Entry> entries() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the ledger " + file, e);
        }
        List<Entry> out = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                out.add(Entry.parse(l));
            }
        }
        return out;
    }

    /** The changes in the order they are to be undone. */
    List<Entry> undoOrder() {
        List<Entry> out = new ArrayList<>(entries());
        java.util.Collections.reverse(out);
        return out;
    }
}
