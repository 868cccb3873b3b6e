package org.jail4j.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The host state of the Linux engine: one directory ({@code /run/jail4j}, or the system property
 * {@code jail4j.state.dir}) shared by every JVM on the host. Per jail it holds
 * {@code <jid>.jail} (the {@link JailRecord}), {@code <jid>.ledger} (the {@link Ledger}),
 * {@code <jid>.log} (the keeper's output), {@code <jid>.sock} (its control socket) and, for a
 * world the engine made, {@code <jid>.root/}.
 * {@code jid.lock} guards every change and keeps the last JID allocated; it is the only file that
 * stays when no jail exists.
 */
final class StateDir {
    static final String PROPERTY = "jail4j.state.dir";
    static final Path DEFAULT = Path.of("/run/jail4j");

    /** One lock per directory inside this JVM: a JVM may hold a file lock only once. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ReentrantLock jvmLock;

    StateDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.jvmLock = JVM_LOCKS.computeIfAbsent(this.dir, d -> new ReentrantLock());
    }

    static StateDir fromSystem() {
        String p = System.getProperty(PROPERTY);
        return new StateDir(p == null || p.isEmpty() ? DEFAULT : Path.of(p));
    }

    Path dir() {
        return dir;
    }

    Path record(int jid) {
        return dir.resolve(jid + ".jail");
    }

    Path ledger(int jid) {
        return dir.resolve(jid + ".ledger");
    }

    Path log(int jid) {
        return dir.resolve(jid + ".log");
    }

    /** The keeper's control socket (the spawn fast path of PROTOCOL.md). */
    Path control(int jid) {
        return dir.resolve(jid + ".sock");
    }

    Path root(int jid) {
        return dir.resolve(jid + ".root");
    }

    /** Runs {@code action} holding the host-wide lock (this JVM's threads and every other JVM). */
    <T> T locked(Supplier<T> action) {
        jvmLock.lock();
        try {
            if (jvmLock.getHoldCount() > 1) {
                return action.get();
            }
            ensureDir();
            try (FileChannel ch = FileChannel.open(dir.resolve("jid.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new UncheckedIOException("locking " + dir.resolve("jid.lock"), e);
            }
        } finally {
            jvmLock.unlock();
        }
    }

    void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    /** The last JID handed out (kept in the lock file), 0 at first. Call with the lock held. */
    int lastJid() {
        try {
            String s = Files.readString(dir.resolve("jid.lock"), StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir.resolve("jid.lock"), e);
        }
    }

    /** Rewrites the lock file in place: renaming over it would leave other JVMs locking another inode. */
    void lastJid(int jid) {
        try {
            Files.writeString(dir.resolve("jid.lock"), jid + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir.resolve("jid.lock"), e);
        }
    }

    /** Every record, in JID order. Records that cannot be read are an error, never skipped. */
    List<JailRecord> records() {
        List<JailRecord> out = new ArrayList<>();
        for (int jid : jids(".jail")) {
            read(jid).ifPresent(out::add);
        }
        return out;
    }

    /** The JIDs that have a file with {@code suffix}, ascending. */
    List<Integer> jids(String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix) && n.substring(0, n.length() - suffix.length())
                            .chars().allMatch(Character::isDigit) && n.length() > suffix.length())
                    .map(n -> Integer.parseInt(n.substring(0, n.length() - suffix.length())))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    /** Every entry of the directory. */
    List<Path> entries() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    Optional<JailRecord> read(int jid) {
        String text;
        try {
            text = Files.readString(record(jid), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + record(jid), e);
        }
        try {
            return Optional.of(JailRecord.parse(text));
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable jail record " + record(jid) + ": " + e.getMessage(), e);
        }
    }

    void write(JailRecord r) {
        write(record(r.jid()), r.text());
    }

    void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + p, e);
        }
    }

    /**
     * Writes a whole file atomically (a temporary file renamed over it), so a reader never sees half.
     * Synced only when the file is new: a record only describes a live keeper, which a crash of
     * the host ends, and the ledger, not the record, is what undoes a jail, so a record that is a
     * step behind after such a crash is still one reconcile tears down. A new file is synced
     * because a crash could otherwise leave it empty, unreadable; a rename over an existing one
     * leaves the old text or the new (ext4 flushes a file renamed over another).
     */
    private void write(Path target, String text) {
        ensureDir();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        List<StandardOpenOption> opts = new ArrayList<>(List.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        if (!Files.exists(target)) {
            opts.add(StandardOpenOption.SYNC);
        }
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, opts.toArray(StandardOpenOption[]::new));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }

    private void ensureDir() {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("creating the state directory " + dir, e);
        }
    }
}
