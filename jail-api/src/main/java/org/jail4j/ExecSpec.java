package org.jail4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run one command inside a jail, in the shape of {@link ProcessBuilder}: the command, a
 * directory <em>inside the jail</em>, the environment and redirects, plus what a jail adds: the
 * user (looked up in the jail's passwd, as {@code jexec -U}) and a login environment
 * ({@code jexec -l}).
 */
public final class ExecSpec {
    private final List<String> command;
    private final String directory;
    private final Map<String, String> environment;
    private final boolean login;
    private final String user;
    private final ProcessBuilder.Redirect stdin;
    private final ProcessBuilder.Redirect stdout;
    private final ProcessBuilder.Redirect stderr;
    private final boolean redirectErrorStream;

    private ExecSpec(Builder b) {
        this.command = List.copyOf(b.command);
        this.directory = b.directory;
        this.environment = b.environment == null ? null : Map.copyOf(b.environment);
        this.login = b.login;
        this.user = b.user;
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.redirectErrorStream = b.redirectErrorStream;
    }

    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    public static Builder builder(String... command) {
        return new Builder(List.of(command));
    }

    public static ExecSpec of(List<String> command) {
        return builder(command).build();
    }

    public List<String> command() {
        return command;
    }

    /** Directory inside the jail; empty means {@code /} (or the user's home with {@link #login()}). */
    public Optional<String> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * The environment to pass, or empty to use a clean default ({@code PATH}, {@code HOME},
     * {@code USER}, {@code SHELL}, {@code TERM}): a jailed process never inherits the JVM's
     * environment unless asked.
     */
    public Optional<Map<String, String>> environment() {
        return Optional.ofNullable(environment);
    }

    /** {@code jexec -l}: a clean login environment and the user's home as the directory. */
    public boolean login() {
        return login;
    }

    /** The user to run as, looked up in the jail's passwd; empty means root. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public ProcessBuilder.Redirect stdin() {
        return stdin;
    }

    public ProcessBuilder.Redirect stdout() {
        return stdout;
    }

    public ProcessBuilder.Redirect stderr() {
        return stderr;
    }

    public boolean redirectErrorStream() {
        return redirectErrorStream;
    }

    /** A mutable set of attributes, as {@link ProcessBuilder}. */
    public static final class Builder {
        private final List<String> command;
        private String directory;
        private Map<String, String> environment;
        private boolean login;
        private String user;
        private ProcessBuilder.Redirect stdin = ProcessBuilder.Redirect.PIPE;
        private ProcessBuilder.Redirect stdout = ProcessBuilder.Redirect.PIPE;
        private ProcessBuilder.Redirect stderr = ProcessBuilder.Redirect.PIPE;
        private boolean redirectErrorStream;

        private Builder(List<String> command) {
            Objects.requireNonNull(command, "command");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            this.command = new ArrayList<>(command);
        }

        /** A directory inside the jail, absolute. */
        public Builder directory(String dir) {
            if (!dir.startsWith("/")) {
                throw new IllegalArgumentException("directory inside the jail must be absolute: " + dir);
            }
            this.directory = dir;
            return this;
        }

        public Builder environment(Map<String, String> env) {
            this.environment = new LinkedHashMap<>(env);
            return this;
        }

        public Builder login(boolean login) {
            this.login = login;
            return this;
        }

        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        public Builder redirectInput(ProcessBuilder.Redirect r) {
            this.stdin = Objects.requireNonNull(r);
            return this;
        }

        public Builder redirectOutput(ProcessBuilder.Redirect r) {
            this.stdout = Objects.requireNonNull(r);
            return this;
        }

        public Builder redirectError(ProcessBuilder.Redirect r) {
            this.stderr = Objects.requireNonNull(r);
            return this;
        }

        public Builder redirectErrorStream(boolean merge) {
            this.redirectErrorStream = merge;
            return this;
        }

        /** Pass the JVM's own stdin, stdout and stderr through. */
        public Builder inheritIO() {
            this.stdin = ProcessBuilder.Redirect.INHERIT;
            this.stdout = ProcessBuilder.Redirect.INHERIT;
            this.stderr = ProcessBuilder.Redirect.INHERIT;
            return this;
        }

        public ExecSpec build() {
            return new ExecSpec(this);
        }
    }
}
