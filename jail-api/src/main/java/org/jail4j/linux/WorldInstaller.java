package org.jail4j.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jail4j.JailException;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;

/**
 * Puts a jail's world in place on the host before its keeper starts, recording each directory,
 * file and link it creates in the ledger first. A thin world's base directories are not mounted
 * here: the keeper bind-mounts them read-only inside its own mount namespace, so the host sees no
 * mount and keeps none to undo.
 */
final class WorldInstaller {
    /** The host's base, shared read-only with a thin jail. */
    static final List<String> THIN_BASE = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/usr");

    private final Ledger ledger;
    private final String label;

    WorldInstaller(Ledger ledger, String label) {
        this.ledger = ledger;
        this.label = label;
    }

    /**
     * The world, installed.
     *
     * @param root  the directory the keeper pivots into
     * @param binds the host directories the keeper binds into the root
     */
    record Installed(Path root, List<Bind> binds) {
        Installed {
            binds = List.copyOf(binds);
        }
    }

    /**
     * One bind mount the keeper makes in its own mount namespace.
     *
     * @param source   the host path
     * @param target   where it appears inside the jail
     * @param readOnly whether the jail may write through it
     */
    record Bind(Path source, String target, boolean readOnly) {
    }

    /**
     * The caller's world at the spec's path (or {@code /}, FreeBSD's default), checked. Only the
     * mount points the keeper needs ({@code /proc}, {@code /dev}) are made where missing,
     * recorded like any change.
     */
    Installed existing(JailSpec spec) {
        Path root = Path.of(spec.params().find(JailParams.PATH).orElse("/"));
        checkDirectory(root);
        Plan plan = new Plan(true);
        plan.mkdir(root.resolve("proc"), 0555);
        plan.mkdir(root.resolve("dev"), 0755);
        plan.apply();
        return new Installed(root, List.of());
    }

    /** A thin world at the spec's path, or at {@code madeRoot} (created) when the spec has none. */
    Installed thin(JailSpec spec, Path madeRoot, String hostname) {
        Plan plan;
        Path root;
        if (spec.params().contains(JailParams.PATH)) {
            root = Path.of(spec.params().get(JailParams.PATH));
            checkDirectory(root);
            plan = new Plan(true);
        } else {
            root = madeRoot;
            // Its JID has no ledger (the allocator skips those): only a crash of the host leaves such a root.
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                throw new JailException("jail_set", label, "path", "EEXIST", root
                        + " is left over from a jail the host lost in a crash; JailHost.reconcile() removes it", null);
            }
            // Unsynced: the root is in the state directory, whose files of no jail reconcile removes.
            plan = new Plan(false);
            plan.mkdir(root, 0755);
        }
        List<Bind> binds = new ArrayList<>();
        for (String base : THIN_BASE) {
            Path host = Path.of(base);
            Path inside = root.resolve(base.substring(1));
            if (Files.isSymbolicLink(host)) {
                plan.link(inside, readLink(host));
            } else if (Files.isDirectory(host)) {
                plan.mkdir(inside, 0755);
                binds.add(new Bind(host, base, true));
            }
        }
        plan.mkdir(root.resolve("etc"), 0755);
        plan.mkdir(root.resolve("tmp"), 01777);
        plan.mkdir(root.resolve("var"), 0755);
        plan.mkdir(root.resolve("var/tmp"), 01777);
        plan.mkdir(root.resolve("root"), 0700);
        plan.mkdir(root.resolve("proc"), 0555);
        plan.mkdir(root.resolve("dev"), 0755);
        seedEtc(plan, root.resolve("etc"), spec, hostname);
        plan.apply();
        return new Installed(root, binds);
    }

    private void seedEtc(Plan plan, Path etc, JailSpec spec, String hostname) {
        plan.file(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        plan.file(etc.resolve("group"), "root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n");
        plan.file(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n");
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost\n");
        List<InetAddress> addrs = new ArrayList<>(spec.params().find(JailParams.IP4_ADDR).orElse(List.of()));
        addrs.addAll(spec.params().find(JailParams.IP6_ADDR).orElse(List.of()));
        for (InetAddress a : addrs) {
            if (!hostname.isEmpty()) {
                hosts.append(a.getHostAddress()).append('\t').append(hostname).append('\n');
            }
        }
        plan.file(etc.resolve("hosts"), hosts.toString());
        plan.file(etc.resolve("resolv.conf"), hostResolvConf());
        plan.file(etc.resolve("hostname"), hostname + "\n");
        plan.copy(Path.of("/etc/ld.so.cache"), etc.resolve("ld.so.cache"));
    }

    private static String hostResolvConf() {
        try {
            return Files.readString(Path.of("/etc/resolv.conf"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // A host without resolv.conf resolves nothing by DNS; neither does the jail.
            return "";
        }
    }

    private void checkDirectory(Path root) {
        if (!Files.exists(root)) {
            throw JailException.of("jail_set", label, "path", "ENOENT", "no such directory: " + root, null);
        }
        if (!Files.isDirectory(root)) {
            throw new JailException("jail_set", label, "path", "ENOTDIR", "not a directory: " + root, null);
        }
    }

    /** One host change a world needs. */
    @FunctionalInterface
    private interface Change {
        void make() throws IOException;
    }

    /**
     * The host changes of one world, recorded in the ledger as one group before the first is
     * made. A change inside a directory the same plan creates gets no line of its own: undoing
     * that directory deletes it with the rest of the tree, so the engine's own root costs one line.
     */
    private final class Plan {
        private final boolean synced;
        private final List<Path> paths = new ArrayList<>();
        private final List<Ledger.Kind> kinds = new ArrayList<>();
        private final List<Change> changes = new ArrayList<>();

        /** @param synced whether the changes could outlive a crash of the host with only the ledger naming them */
        Plan(boolean synced) {
            this.synced = synced;
        }

        void mkdir(Path dir, int mode) {
            add(Ledger.Kind.DIR, dir, () -> {
                Files.createDirectory(dir);
                Files.setAttribute(dir, "unix:mode", mode);
            });
        }

        void file(Path f, String text) {
            add(Ledger.Kind.FILE, f, () -> Files.writeString(f, text, StandardCharsets.UTF_8));
        }

        void link(Path link, Path target) {
            add(Ledger.Kind.FILE, link, () -> Files.createSymbolicLink(link, target));
        }

        /** The host's file, where it has one: the jail runs the host's binaries, which look for it. */
        void copy(Path from, Path to) {
            if (Files.isRegularFile(from)) {
                add(Ledger.Kind.FILE, to, () -> Files.copy(from, to));
            }
        }

        /** What exists already is left alone and never recorded: removing the jail must not remove it. */
        private void add(Ledger.Kind kind, Path p, Change change) {
            if (!paths.contains(p.getParent()) && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            paths.add(p);
            kinds.add(kind);
            changes.add(change);
        }

        /**
         * Writes the group, synced where asked (a directory in the caller's path outlives a crash
         * of the host, and only its line says it is the jail's), then makes every change.
         */
        void apply() {
            List<Ledger.Entry> lines = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                if (!insideMadeDir(paths.get(i))) {
                    lines.add(new Ledger.Entry(kinds.get(i), List.of(paths.get(i).toString())));
                }
            }
            if (synced) {
                ledger.appendSynced(lines);
            } else {
                ledger.appendUnsynced(lines);
            }
            for (int i = 0; i < paths.size(); i++) {
                try {
                    changes.get(i).make();
                } catch (IOException e) {
                    throw new UncheckedIOException("making " + paths.get(i), e);
                }
            }
        }

        private boolean insideMadeDir(Path p) {
            for (int i = 0; i < paths.size(); i++) {
                if (kinds.get(i) == Ledger.Kind.DIR && !paths.get(i).equals(p) && p.startsWith(paths.get(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Path readLink(Path p) {
        try {
            return Files.readSymbolicLink(p);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the link " + p, e);
        }
    }
}
