package org.jail4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jail4j.JailException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JailAccountTest {
    private static final List<String> PASSWD = List.of(
            "root:x:0:0:root:/root:/bin/sh",
            "# a comment line has no seven fields",
            "www:x:80:80:web::",
            "ann:x:1000:1000:Ann:/home/ann:/bin/bash");
    private static final List<String> GROUP = List.of(
            "root:x:0:",
            "ann:x:1000:",
            "wheel:x:10:root,ann",
            "staff:x:50:annie,bob",
            "video:x:44:bob,ann",
            "broken:x:notanumber:ann");

    @TempDir
    Path root;

    @Test
    void aUserHasItsIdsHomeShellAndThePrimaryGroupFirstThenItsMemberships() {
        assertEquals(Optional.of(new JailAccount("ann", 1000, 1000, "/home/ann", "/bin/bash", List.of(1000, 10, 44))),
                JailAccount.parse(PASSWD, GROUP, "ann", "j"));
    }

    @Test
    void anEmptyHomeIsSlashAndAnEmptyShellIsBinSh() {
        assertEquals(Optional.of(new JailAccount("www", 80, 80, "/", "/bin/sh", List.of(80))),
                JailAccount.parse(PASSWD, GROUP, "www", "j"));
    }

    @Test
    void anUnknownUserIsEmpty() {
        assertEquals(Optional.empty(), JailAccount.parse(PASSWD, GROUP, "nobody", "j"));
    }

    @Test
    void aBadIdIsAnErrorNamingTheUser() {
        JailException e = assertThrows(JailException.class,
                () -> JailAccount.parse(List.of("eve:x:-1:0::/:/bin/sh"), List.of(), "eve", "j1"));
        assertEquals("bad entry for eve in the jail's /etc/passwd", e.kernelMessage());
        assertEquals("j1", e.jail());
    }

    @Test
    void theFilesAreReadFromTheJailsRootAndAMissingGroupFileMeansThePrimaryGroupOnly() throws IOException {
        Files.createDirectory(root.resolve("etc"));
        Files.write(root.resolve("etc/passwd"), PASSWD);
        assertEquals(List.of(1000), JailAccount.find(root, "ann", "j").orElseThrow().groups());
        Files.write(root.resolve("etc/group"), GROUP);
        assertEquals(List.of(1000, 10, 44), JailAccount.find(root, "ann", "j").orElseThrow().groups());
    }

    @Test
    void aJailWithoutPasswdHasNoUsers() throws IOException {
        assertEquals(Optional.empty(), JailAccount.find(root, "root", "j"));
    }

    @Test
    void aPasswdThatIsASymbolicLinkIsNotFollowedOutOfTheJail() throws IOException {
        Path host = Files.write(root.resolve("host-passwd"), PASSWD);
        Files.createDirectory(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), host);
        JailException e = assertThrows(JailException.class, () -> JailAccount.find(root, "root", "j"));
        assertEquals("user", e.call());
    }

    @Test
    void anEtcThatIsASymbolicLinkIsRefused() throws IOException {
        Path hostEtc = Files.createDirectory(root.resolve("host-etc"));
        Files.write(hostEtc.resolve("passwd"), PASSWD);
        Path jailRoot = Files.createDirectory(root.resolve("jail"));
        Files.createSymbolicLink(jailRoot.resolve("etc"), hostEtc);
        JailException e = assertThrows(JailException.class, () -> JailAccount.find(jailRoot, "root", "j"));
        assertEquals("ELOOP", e.errno());
    }
}
