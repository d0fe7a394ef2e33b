package com.ccgateway.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The benchmark's figures: a table on standard output, {@code results.json} and {@code chart.png}. */
final class Report {

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Percentiles> latencies = new LinkedHashMap<>();
    /** Throughput in commands/s by gateway latency (ms), then by pipeline. */
    private final Map<Long, Map<String, Double>> throughput = new LinkedHashMap<>();
    private final List<Map<String, Object>> orderChecks = new ArrayList<>();
    private final List<Map<String, Object>> agents = new ArrayList<>();
    private final List<String> adapterJvmOptions;

    Report(List<String> adapterJvmOptions) {
        this.adapterJvmOptions = adapterJvmOptions;
        System.out.println("The adapter's JVM options: " + adapterJvmOptions);
    }

    record Row(String measure, String workload, double value, String unit, String target, boolean met) {
    }

    void add(String measure, String workload, double value, String unit, String target, boolean met) {
        rows.add(new Row(measure, workload, value, unit, target, met));
        System.out.printf("%-34s %10s %-11s %s%n", measure, figure(value), unit, workload);
    }

    /** Two decimals below 10 (CPU per command is a fraction of a millisecond on a fast machine), one above. */
    private static String figure(double value) {
        return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.2f" : "%.1f", value);
    }

    void latency(String path, Percentiles percentiles, int unanswered) {
        latencies.put(path, percentiles);
        System.out.printf("latency %s: %s, %d unanswered or failed%n", path, percentiles, unanswered);
    }

    void throughput(String pipeline, String workload, Duration gatewayLatency, double rate) {
        throughput.computeIfAbsent(gatewayLatency.toMillis(), ms -> new LinkedHashMap<>()).put(pipeline, rate);
        add("throughput, " + pipeline + ", " + gatewayLatency.toMillis() + " ms", workload, rate, "cmd/s", "", true);
    }

    /** A throughput run's order check, and its results in each 10 s from the first (how the rate rose or fell). */
    void order(String run, long results, long outOfOrder, List<Long> resultsPerTenSeconds) {
        orderChecks.add(Map.of("run", run, "results", results, "outOfOrder", outOfOrder,
                "resultsPerTenSeconds", resultsPerTenSeconds));
        System.out.printf("order %s: %d results checked, %d out of order; results in each 10 s from the first: %s%n",
                run, results, outOfOrder, resultsPerTenSeconds);
    }

    void agents(int count, long threads, double heapMb, double idleCpu, Benchmark.EventDelays delays, double signInRate) {
        agents.add(Map.of("agents", count, "liveThreads", threads, "heapUsedMb", heapMb, "idleCpuPercentOfCore", idleCpu,
                "eventDelayMs", delays.total(), "eventDelayToAdapterMs", delays.toAdapter(),
                "eventDelayToSendMs", delays.toSend(), "signInsPerSecond", signInRate));
    }

    void write(Path dir) throws IOException {
        ratios();
        System.out.println();
        System.out.println("| measure | workload | figure | target | met |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(row -> System.out.printf("| %s | %s | %s %s | %s | %s |%n", row.measure(), row.workload(), figure(row.value()),
                row.unit(), row.target(), row.target().isEmpty() ? "" : row.met() ? "yes" : "no"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.version"),
                "memoryMb", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() / (1024 * 1024)));
        json.put("at", Instant.now().toString());
        json.put("adapterJvmOptions", adapterJvmOptions);
        json.put("rows", rows);
        json.put("latencyMs", latencies);
        json.put("throughputPerSecondByGatewayLatencyMs", throughput);
        json.put("orderChecks", orderChecks);
        json.put("manyAgents", agents);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json);
        ImageIO.write(chart(), "png", dir.resolve("chart.png").toFile());
        System.out.println("\nWritten: " + dir.resolve("results.json") + ", " + dir.resolve("chart.png"));
    }

    /** The adapter's throughput over each baseline's, at each gateway latency. */
    private void ratios() {
        throughput.forEach((ms, rates) -> {
            Double adapter = rates.get("adapter");
            Double plain = rates.get("baseline plain");
            Double tuned = rates.get("baseline tuned");
            if (adapter != null && plain != null && tuned != null) {
                add("adapter / plain route, " + ms + " ms", "the throughput runs above", adapter / plain, "x",
                        ms == 20 ? ">= 30x" : "", ms != 20 || adapter / plain >= 30);
                add("adapter / tuned route, " + ms + " ms", "the throughput runs above", adapter / tuned, "x",
                        ms == 20 ? ">= 1.5x" : ">= 0.8x", adapter / tuned >= (ms == 20 ? 1.5 : 0.8));
            }
        });
    }

    /** Left: latency percentiles by path; right: throughput by pipeline and gateway latency. */
    private BufferedImage chart() {
        int width = 1200;
        int height = 520;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Map<String, Double> latencyBars = new LinkedHashMap<>();
        latencies.forEach((path, p) -> {
            latencyBars.put(path + " p50", p.p50());
            latencyBars.put(path + " p99", p.p99());
            latencyBars.put(path + " p99.9", p.p999());
        });
        // a slow day's REST tail is seconds where Kafka's p50 is milliseconds: on a linear scale those would not show
        bars(g, 40, 60, 520, 380, "Command to result latency (ms, log scale), 200/s, gateway 0 ms", latencyBars,
                new Color(0x3b6ea5), true);
        Map<String, Double> throughputBars = new LinkedHashMap<>();
        throughput.forEach((ms, rates) -> rates.forEach((pipeline, rate) -> throughputBars.put(pipeline + " @" + ms + "ms", rate)));
        bars(g, 640, 60, 520, 380, "Throughput (commands/s), 500 agents, order kept", throughputBars, new Color(0x2f8f5b),
                false);
        g.dispose();
        return image;
    }

    /** {@code logScale}: bar heights by log10(1 + value), so values from 1 to 10,000 all show. */
    private static void bars(Graphics2D g, int x, int y, int w, int h, String title, Map<String, Double> values, Color color,
                             boolean logScale) {
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x, y - 25);
        double max = values.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(1);
        g.setStroke(new BasicStroke(1));
        g.drawLine(x, y + h, x + w, y + h);
        int slot = values.isEmpty() ? w : w / values.size();
        int i = 0;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (Map.Entry<String, Double> bar : values.entrySet()) {
            double value = bar.getValue().isNaN() ? 0 : bar.getValue();
            int barHeight = (int) Math.round(h * (logScale ? Math.log10(1 + value) / Math.log10(1 + max) : value / max));
            int left = x + i * slot + slot / 6;
            g.setColor(color);
            g.fillRect(left, y + h - barHeight, slot * 2 / 3, barHeight);
            g.setColor(Color.BLACK);
            g.drawString(String.format(value >= 100 ? "%.0f" : "%.1f", value), left, y + h - barHeight - 4);
            g.rotate(Math.toRadians(30), left, y + h + 14);
            g.drawString(bar.getKey(), left, y + h + 14);
            g.rotate(-Math.toRadians(30), left, y + h + 14);
            i++;
        }
    }
}
