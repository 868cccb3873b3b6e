package org.jail4j.bench;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jail4j.ExecSpec;
import org.jail4j.Jail;
import org.jail4j.ffi.linux.ExecPath;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every jail4j benchmark side by side in one run and reports medians (the 50th percentile
 * of JMH's SampleTime, in microseconds), each with its baseline's median from the same run and
 * the ratio, into {@code results.json} and {@code results.md} under {@code benchmarks/target/bench}
 * (or {@code --out DIR}), and prints the table.
 *
 * <pre>
 * java -jar benchmarks/target/jail4j-benchmarks.jar [--quick] [--out DIR]
 * </pre>
 *
 * <p>Baselines: {@code exec.*} against {@code exec.plain} (an unisolated ProcessBuilder spawn);
 * {@code lifecycle.*} and {@code jail.create_remove} against {@code lifecycle.bwrap};
 * {@code jail.get_all} against {@code exec.plain}; {@code params.encode} against
 * {@code jail.get_all}. {@code keeper.rss_kib} is a value (VmRSS of an idle keeper after 100
 * fast-path spawns), not a time.
 */
public final class BenchMain {
    /** Result name to its baseline's name. Order is the report's order. */
    static final Map<String, String> BASELINES = baselines();
    private static final int RSS_SPAWNS = 100;

    private BenchMain() {
    }

    private static Map<String, String> baselines() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("exec.fastpath", "exec.plain");
        m.put("exec.launcher", "exec.plain");
        m.put("exec.nsenter", "exec.plain");
        m.put("exec.plain", "exec.plain");
        m.put("lifecycle.jail4j", "lifecycle.bwrap");
        m.put("lifecycle.bwrap", "lifecycle.bwrap");
        m.put("jail.create_remove", "lifecycle.bwrap");
        m.put("jail.get_all", "exec.plain");
        m.put("params.encode", "jail.get_all");
        return m;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = defaultOut();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: bench [--quick] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        Map<String, Double> medians = run(quick);
        long rss = keeperRssKib();
        List<Row> rows = rows(medians, rss);
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), Report.json(rows), StandardCharsets.UTF_8);
        String table = Report.markdown(rows, quick);
        Files.writeString(out.resolve("results.md"), table, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(table);
        System.out.println("\nwritten: " + out.resolve("results.json") + ", " + out.resolve("results.md"));
    }

    /** One line of the report: a median in microseconds, or a value (keeper.rss_kib). */
    record Row(String name, Double medianUs, Long value, String baseline, Double ratio) {
    }

    private static Map<String, Double> run(boolean quick) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(ExecBench.class.getName() + "\\.")
                .include(LifecycleBench.class.getName() + ".jail4j")
                .include(JailBench.class.getName() + "\\.")
                .include(ParamsBench.class.getName() + "\\.")
                .shouldFailOnError(true);
        if (onPath("bwrap")) {
            o.include(LifecycleBench.class.getName() + ".bwrap");
        }
        if (quick) {
            o.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(3));
        } else {
            o.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(5))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(5));
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        Map<String, Double> medians = new LinkedHashMap<>();
        for (RunResult r : results) {
            medians.put(name(r.getParams().getBenchmark()),
                    r.getPrimaryResult().getStatistics().getPercentile(50.0));
        }
        return medians;
    }

    /** {@code org.jail4j.bench.ExecBench.fastpath} becomes {@code exec.fastpath}. */
    static String name(String benchmark) {
        String[] parts = benchmark.split("\\.");
        String type = parts[parts.length - 2];
        return type.substring(0, type.length() - "Bench".length()).toLowerCase(Locale.ROOT) + "."
                + parts[parts.length - 1];
    }

    static List<Row> rows(Map<String, Double> medians, long rssKib) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : BASELINES.entrySet()) {
            Double median = medians.get(e.getKey());
            if (median == null) {
                continue;
            }
            Double base = medians.get(e.getValue());
            rows.add(new Row(e.getKey(), median, null, base == null ? null : e.getValue(),
                    base == null ? null : median / base));
        }
        rows.add(new Row("keeper.rss_kib", null, rssKib, null, null));
        return rows;
    }

    /** VmRSS of a jail's keeper that has served {@value #RSS_SPAWNS} fast-path spawns ({@code Jail.exec}), in KiB. */
    private static long keeperRssKib() throws Exception {
        System.setProperty(ExecPath.PROPERTY, "fastpath");
        try (Jail jail = BenchJail.create("br")) {
            ExecSpec spec = ExecSpec.builder("/bin/true").redirectInput(Redirect.from(new File("/dev/null")))
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).build();
            for (int i = 0; i < RSS_SPAWNS; i++) {
                ExecBench.finish(jail.exec(spec));
            }
            return BenchJail.rssKib(BenchJail.keeperPid(jail));
        } finally {
            System.clearProperty(ExecPath.PROPERTY);
        }
    }

    private static boolean onPath(String exe) {
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> List.of(p.split(":")).stream())
                .anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
    }

    /** benchmarks/target/bench: beside the jar, wherever the command is run from. */
    private static Path defaultOut() throws URISyntaxException, IOException {
        Path jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path base = Files.isRegularFile(jar) ? jar.getParent() : Path.of("target");
        return base.resolve("bench");
    }
}
