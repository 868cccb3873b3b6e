package org.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.jail4j.ExecSpec;
import org.junit.jupiter.api.Test;

class JexecTest {
    @Test
    void optionsBecomeAnExecSpec() {
        Jexec.Options o = Jexec.parse(new String[] {"-l", "-U", "www", "-d", "/srv", "web", "id", "-u"});
        assertEquals(new Jexec.Options(true, "www", "/srv", "web", List.of("id", "-u")), o);
        ExecSpec s = Jexec.spec(o);
        assertEquals(List.of("id", "-u"), s.command());
        assertEquals("www", s.user().orElseThrow());
        assertEquals("/srv", s.directory().orElseThrow());
    }

    @Test
    void withoutACommandTheShellRuns() {
        assertEquals(List.of("/bin/sh"), Jexec.parse(new String[] {"5"}).command());
    }

    @Test
    void hostUserIsRefusedNamingTheAlternative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jexec.parse(new String[] {"-u", "root", "5", "id"}));
        assertEquals("-u root: a user from the host's passwd is not supported; use -U root (the jail's passwd)",
                e.getMessage());
    }
}
