package org.jail4j.bench;

import java.util.List;
import java.util.Locale;

/** The report of one run, as JSON and as a Markdown table with the project's targets. */
final class Report {
    /** Target ratios (and the keeper's RSS) the fast path is measured against. */
    private static final List<Target> TARGETS = List.of(
            new Target("exec.fastpath", "exec.plain", 0.5),
            new Target("exec.fastpath", "exec.nsenter", 0.3),
            new Target("lifecycle.jail4j", "lifecycle.bwrap", 0.75));
    private static final long RSS_TARGET_KIB = 1024;

    private Report() {
    }

    private record Target(String name, String against, double maxRatio) {
    }

    static String json(List<BenchMain.Row> rows) {
        StringBuilder b = new StringBuilder("{\"benchmarks\":[");
        for (int i = 0; i < rows.size(); i++) {
            BenchMain.Row r = rows.get(i);
            b.append(i == 0 ? "\n  " : ",\n  ").append("{\"name\":\"").append(r.name()).append('"');
            if (r.value() != null) {
                b.append(",\"value\":").append(r.value());
            } else {
                b.append(",\"median_us\":").append(number(r.medianUs()));
            }
            b.append(",\"baseline\":").append(r.baseline() == null ? "null" : "\"" + r.baseline() + "\"");
            b.append(",\"ratio\":").append(r.ratio() == null ? "null" : number(r.ratio())).append('}');
        }
        return b.append("\n]}\n").toString();
    }

    static String markdown(List<BenchMain.Row> rows, boolean quick) {
        StringBuilder b = new StringBuilder("| benchmark | median (µs) | baseline | ratio |\n|---|---:|---|---:|\n");
        for (BenchMain.Row r : rows) {
            String median = r.value() != null ? r.value() + " KiB" : String.format(Locale.ROOT, "%.1f", r.medianUs());
            b.append("| ").append(r.name()).append(" | ").append(median).append(" | ")
                    .append(r.baseline() == null ? "-" : r.baseline()).append(" | ")
                    .append(r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.ratio())).append(" |\n");
        }
        b.append("\nTargets (").append(quick ? "quick run" : "full run").append("):\n\n");
        for (Target t : TARGETS) {
            Double ratio = ratio(rows, t.name(), t.against());
            b.append("- ").append(t.name()).append(" / ").append(t.against()).append(" ≤ ").append(t.maxRatio())
                    .append(": ").append(ratio == null ? "not measured"
                            : String.format(Locale.ROOT, "%.3f %s", ratio, ratio <= t.maxRatio() ? "met" : "MISSED"))
                    .append('\n');
        }
        rows.stream().filter(r -> r.value() != null).forEach(r -> b.append("- keeper.rss_kib ≤ ").append(RSS_TARGET_KIB)
                .append(": ").append(r.value()).append(r.value() <= RSS_TARGET_KIB ? " met" : " MISSED").append('\n'));
        return b.toString();
    }

    private static Double ratio(List<BenchMain.Row> rows, String name, String against) {
        Double a = median(rows, name);
        Double b = median(rows, against);
        return a == null || b == null ? null : a / b;
    }

    private static Double median(List<BenchMain.Row> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name) && r.medianUs() != null).map(BenchMain.Row::medianUs)
                .findFirst().orElse(null);
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
