package org.jail4j.ffi.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native launcher shipped in this jar, extracted where only root can change it and checked
 * before it runs as root. Non-API: the Linux engine's way to the {@code jail4j-launcher} binary.
 *
 * <p>The resource {@code org/jail4j/ffi/launcher/jail4j-launcher-linux-<os.arch>} is extracted to
 * {@code <cache>/<sha256>/jail4j-launcher} (default cache {@code /var/cache/jail4j}). The cache
 * directory and the per-checksum directory are made mode 0700; an existing one that is a symbolic
 * link, not owned by root, or writable by group or others is refused with a {@link SecurityException},
 * because whoever can write there can replace what root executes.
 *
 * <p>The file's SHA-256 is compared with the shipped checksum before the first use in this JVM, and
 * again whenever its size, modification time, change time or inode differ from the verified ones.
 * A file that does not match (tampered, truncated, or another build's) is never returned: it is
 * replaced atomically (written to a temporary file in the same directory, forced to disk, renamed
 * over it) and verified again, with a warning in the log; if that cannot be done the call fails.
 */
public final class LauncherBinary {
    /** Where {@link #system()} extracts the launcher. */
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/jail4j");

    static final String FILE_NAME = "jail4j-launcher";
    private static final String RESOURCE_DIR = "/org/jail4j/ffi/launcher/";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Logger log = LoggerFactory.getLogger(LauncherBinary.class);

    private final Path cache;
    private final String resource;
    /** The file as last verified, or null before the first verification. */
    private Stamp verified;

    private LauncherBinary(Path cache, String arch) {
        this.cache = cache.toAbsolutePath();
        this.resource = RESOURCE_DIR + FILE_NAME + "-linux-" + arch;
    }

    /** The launcher for this JVM's architecture, extracted under {@link #DEFAULT_CACHE}. */
    public static LauncherBinary system() {
        return SystemHolder.INSTANCE;
    }

    /** The launcher for this JVM's architecture, extracted under {@code cache} instead of the default. */
    public static LauncherBinary in(Path cache) {
        return new LauncherBinary(Objects.requireNonNull(cache, "cache"), System.getProperty("os.arch"));
    }

    /** The directory the binary is extracted into: {@code <cache>/<sha256>}. */
    public Path directory() {
        return cache.resolve(shippedSha256());
    }

    /**
     * The verified launcher, extracted (or repaired) first when needed.
     *
     * @throws SecurityException when a directory on the way is unsafe, or a bad file cannot be replaced
     * @throws IllegalStateException when this jar holds no launcher for this architecture
     * @throws UncheckedIOException when reading or writing the cache fails
     */
    public synchronized Path path() {
        String expected = shippedSha256();
        Path dir = cache.resolve(expected);
        Path file = dir.resolve(FILE_NAME);
        try {
            secureDirectory(cache);
            secureDirectory(dir);
            if (verified != null && verified.equals(Stamp.ifExists(file))) {
                return file;
            }
            verified = verifyOrReplace(file, expected);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("jail4j-launcher: " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 shipped beside the binary, as lowercase hex. */
    public String shippedSha256() {
        try (InputStream in = LauncherBinary.class.getResourceAsStream(resource + ".sha256")) {
            if (in == null) {
                throw new IllegalStateException("no native launcher in this jar for " + resource.substring(1)
                        + " (the launcher is built on Linux only)");
            }
            String hex = new String(in.readNBytes(256), StandardCharsets.US_ASCII).strip();
            if (!SHA256_HEX.matcher(hex).matches()) {
                throw new IllegalStateException("malformed checksum resource " + resource + ".sha256: " + hex);
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("read " + resource + ".sha256", e);
        }
    }

    private Stamp verifyOrReplace(Path file, String expected) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            String actual = fileProblem(file, expected);
            if (actual == null) {
                return Stamp.of(file);
            }
            log.warn("launcher={} does not match the shipped build ({}); replacing it", file, actual);
        }
        extract(file, expected);
        String problem = fileProblem(file, expected);
        if (problem != null) {
            throw new SecurityException("jail4j-launcher: " + file + ": refused after replacing it: " + problem);
        }
        log.debug("launcher={} extracted and verified sha256={}", file, expected);
        return Stamp.of(file);
    }

    /** Why {@code file} may not run, or null when it is a root-owned regular file with the shipped checksum. */
    private static String fileProblem(Path file, String expected) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "not a regular file";
        }
        int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (uid != 0) {
            return "owned by uid " + uid + ", not root";
        }
        if (writableByOthers(file)) {
            return "writable by group or others";
        }
        String actual = sha256(file);
        return actual.equals(expected) ? null : "sha256 " + actual + ", expected " + expected;
    }

    private void extract(Path file, String expected) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + FILE_NAME + "-", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            String written;
            try (InputStream in = LauncherBinary.class.getResourceAsStream(resource);
                    FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                if (in == null) {
                    throw new IllegalStateException("no native launcher in this jar: " + resource.substring(1));
                }
                written = copyAndHash(in, Channels.newOutputStream(out));
                out.force(true);
            }
            if (!written.equals(expected)) {
                throw new SecurityException("jail4j-launcher: the resource " + resource.substring(1)
                        + " has sha256 " + written + ", its checksum file says " + expected);
            }
            moveAtomically(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself must survive a crash
        }
    }

    private static void moveAtomically(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new SecurityException("jail4j-launcher: cannot replace " + file + " atomically", e);
        }
    }

    /** Makes {@code dir} (0700) if missing; refuses it if it is a link, not root's, or writable by others. */
    private static void secureDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // made earlier, or by someone else: the checks below decide
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new SecurityException("jail4j-launcher: " + dir + ": not a directory (or a symbolic link)");
        }
        int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (uid != 0) {
            throw new SecurityException("jail4j-launcher: " + dir + ": owned by uid " + uid + ", not root");
        }
        if (writableByOthers(dir)) {
            throw new SecurityException("jail4j-launcher: " + dir + ": writable by group or others ("
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))
                    + ")");
        }
    }

    private static boolean writableByOthers(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return copyAndHash(in, OutputStream.nullOutputStream());
        }
    }

    private static String copyAndHash(InputStream in, OutputStream out) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        try (DigestInputStream din = new DigestInputStream(in, md)) {
            din.transferTo(out);
        }
        out.flush();
        return HexFormat.of().formatHex(md.digest()).toLowerCase(Locale.ROOT);
    }

    /** What identifies the verified file: any change to its contents changes at least the change time. */
    private record Stamp(Object fileKey, long size, FileTime modified, FileTime changed) {
        static Stamp ifExists(Path file) throws IOException {
            try {
                return of(file);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        static Stamp of(Path file) throws IOException {
            return new Stamp(Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS),
                    (Long) Files.getAttribute(file, "unix:size", LinkOption.NOFOLLOW_LINKS),
                    (FileTime) Files.getAttribute(file, "unix:lastModifiedTime", LinkOption.NOFOLLOW_LINKS),
                    (FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS));
        }
    }

    private static final class SystemHolder {
        static final LauncherBinary INSTANCE = new LauncherBinary(DEFAULT_CACHE, System.getProperty("os.arch"));
    }
}
