package org.jail4j;

import java.util.Locale;

/**
 * What happens when an rctl rule matches: deny, log, devctl, throttle, or a signal to the
 * offending process ({@code sigterm}, {@code sigkill}, ...), as {@code sys/rctl.h} names them.
 */
public enum RctlAction {
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGEMT, SIGFPE, SIGKILL, SIGBUS, SIGSEGV, SIGSYS,
    SIGPIPE, SIGALRM, SIGTERM, SIGURG, SIGSTOP, SIGTSTP, SIGCHLD, SIGTTIN, SIGTTOU, SIGIO, SIGXCPU, SIGXFSZ,
    SIGVTALRM, SIGPROF, SIGWINCH, SIGINFO, SIGUSR1, SIGUSR2, SIGTHR,
    DENY, LOG, DEVCTL, THROTTLE;

    /** The kernel's name, e.g. {@code deny} or {@code sigterm}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RctlAction of(String text) {
        for (RctlAction a : values()) {
            if (a.text().equals(text)) {
                return a;
            }
        }
        throw new InvalidParamException("rctl", null, "action", "unknown rctl action: \"" + text + "\"");
    }
}
