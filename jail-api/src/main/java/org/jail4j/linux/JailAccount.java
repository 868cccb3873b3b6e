package org.jail4j.linux;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jail4j.JailException;

/**
 * A user as the jail's own /etc/passwd and /etc/group name it, read from the host side (the
 * jail's root is a host directory), with the launcher's rules (identity.c): seven passwd fields,
 * an empty home is {@code /} and an empty shell {@code /bin/sh}; the groups are the primary one
 * first, then every group whose member list names the user.
 */
record JailAccount(String name, int uid, int gid, String home, String shell, List<Integer> groups) {
    private static final long ID_MAX = 0xfffffffeL;
    /**
     * Who runs a command when no user is named: uid and gid 0 with no other group, as the
     * launcher does without {@code --user}, whatever the jail's passwd says.
     */
    static final JailAccount ROOT = new JailAccount("root", 0, 0, "/root", "/bin/sh", List.of(0));

    JailAccount {
        groups = List.copyOf(groups);
    }

    /** The account of {@code user} in the jail rooted at {@code root}, empty when its passwd has none. */
    static Optional<JailAccount> find(Path root, String user, String jail) {
        Optional<List<String>> passwd = read(root, "passwd", jail);
        if (passwd.isEmpty()) {
            return Optional.empty();
        }
        return parse(passwd.get(), read(root, "group", jail).orElse(List.of()), user, jail);
    }

    /** The account of {@code user} in these passwd and group lines. */
    static Optional<JailAccount> parse(List<String> passwd, List<String> group, String user, String jail) {
        for (String line : passwd) {
            String[] f = line.split(":", -1);
            if (f.length != 7 || !f[0].equals(user)) {
                continue;
            }
            long uid = id(f[2]);
            long gid = id(f[3]);
            if (uid < 0 || gid < 0) {
                throw new JailException("user", jail, null, null,
                        "bad entry for " + user + " in the jail's /etc/passwd", null);
            }
            List<Integer> groups = new ArrayList<>(List.of((int) gid));
            for (String g : group) {
                String[] h = g.split(":", -1);
                long member = h.length == 4 ? id(h[2]) : -1;
                if (member >= 0 && Arrays.asList(h[3].split(",")).contains(user) && !groups.contains((int) member)) {
                    groups.add((int) member);
                }
            }
            return Optional.of(new JailAccount(user, (int) uid, (int) gid, f[5].isEmpty() ? "/" : f[5],
                    f[6].isEmpty() ? "/bin/sh" : f[6], groups));
        }
        return Optional.empty();
    }

    /** A numeric id as the launcher takes it (0 to 2^32-2), or -1. */
    private static long id(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long v = Long.parseLong(s);
        return v <= ID_MAX ? v : -1;
    }

    /**
     * The lines of {@code /etc/<file>} in the jail, empty when it has none. Neither {@code etc}
     * nor the file may be a symbolic link: read from the host, a link made by the jail's root
     * would resolve against the host's tree.
     */
    private static Optional<List<String>> read(Path root, String file, String jail) {
        Path etc = root.resolve("etc");
        Path f = etc.resolve(file);
        try {
            if (Files.isSymbolicLink(etc)) {
                throw new JailException("user", jail, null, "ELOOP", "the jail's /etc is a symbolic link", null);
            }
            try (SeekableByteChannel ch = Files.newByteChannel(f, Set.of(StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                byte[] text = Channels.newInputStream(ch).readAllBytes();
                return Optional.of(new String(text, StandardCharsets.UTF_8).lines().toList());
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JailException("user", jail, null, null, "read the jail's /etc/" + file + ": " + e, e);
        }
    }
}
