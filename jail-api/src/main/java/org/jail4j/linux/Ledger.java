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
 * <em>before</em> the change is made, so that a JVM killed at any point leaves a ledger that
 * describes everything it may have done. Undone in reverse order.
 *
 * <p>The lines of one step go out in one write: a step's changes are only made after the
 * whole group is in the file, and an entry whose change never happened undoes as nothing.
 * A JVM killed by SIGKILL loses nothing it wrote (the page cache outlives it); syncing only
 * matters when the host itself goes down, and is asked for by {@link #appendSynced}.
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

    /** Records one change about to be made, synced. */
    void append(Kind kind, String... args) {
        appendSynced(List.of(new Entry(kind, List.of(args))));
    }

    /**
     * Records the changes of one step, in one write and one sync, before any of them is made:
     * for changes that would outlive a crash of the host (a directory in the caller's path).
     */
    void appendSynced(List<Entry> entries) {
        write(entries, true);
    }

    /**
     * Records the changes of one step in one write, not synced: only for changes that a crash of
     * the host undoes by itself or that reconcile finds without the ledger (a process, a file in
     * the state directory). A SIGKILL of this JVM still finds them written.
     */
    void appendUnsynced(List<Entry> entries) {
        write(entries, false);
    }

    private void write(List<Entry> entries, boolean sync) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.line()).append('\n');
        }
        List<StandardOpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE));
        if (sync) {
            opts.add(StandardOpenOption.DSYNC);
        }
        try {
            Files.writeString(file, b, StandardCharsets.UTF_8, opts.toArray(StandardOpenOption[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the ledger " + file, e);
        }
    }

    /**
     * The changes, in the order they were made; empty when there is no ledger. A last line without
     * its newline is a write the host's crash cut short, skipped: a synced group had not returned,
     * so none of its changes was made, and an unsynced one names only what needs no undo after a
     * crash (see {@link #appendUnsynced}).
     */
    List<Entry> entries() {
        List<String> lines;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            lines = List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n"));
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
