package org.keyfleet.app.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/**
 * A Chart.js chart ({@code keyfleet-chart.js}). Built from small records here and sent as a Chart.js configuration;
 * time axes are epoch milliseconds, bit axes get SI labels in the browser.
 */
@Tag("keyfleet-chart")
@JsModule("./keyfleet-chart.js")
@NpmPackage(value = "chart.js", version = "4.6.1")
class ChartView extends Component implements HasSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A series of (x, y) points. */
    record Series(String label, String colour, List<double[]> points) {
    }

    ChartView() {
        setWidthFull();
        setHeight("320px");
    }

    /** Step lines over time: x epoch ms, y bits. */
    void steps(List<Series> series, long spanMs, String yTitle) {
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (Series s : series) {
            Map<String, Object> d = dataset(s);
            d.put("stepped", true);
            d.put("pointRadius", 0);
            d.put("borderWidth", 2);
            datasets.add(d);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("kfTimeAxis", Map.of("span", spanMs));
        options.put("kfBitsAxis", "y");
        options.put("parsing", false);
        options.put("scales", Map.of("y", Map.of("beginAtZero", true, "title", Map.of("display", true, "text", yTitle))));
        options.put("interaction", Map.of("mode", "nearest", "intersect", false));
        // dozens of links make the legend a wall of names: then the tooltip names the series
        options.put("plugins", Map.of("legend", Map.of("display", series.size() <= 12)));
        set(Map.of("type", "line", "data", Map.of("datasets", datasets), "options", options));
    }

    /**
     * Stacked areas over time: x epoch ms, each series drawn on top of the previous ones, so the top edge is their
     * sum (a loss budget whose terms add up to the total).
     */
    void stackedAreas(List<Series> series, long spanMs, String yTitle) {
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("label", s.label());
            d.put("data", s.points().stream().map(p -> Map.of("x", p[0], "y", p[1])).toList());
            d.put("borderColor", s.colour());
            d.put("backgroundColor", s.colour() + "99");   // 60 % opaque: the grid stays readable through it
            d.put("fill", i == 0 ? "origin" : "-1");
            d.put("pointRadius", 0);
            d.put("borderWidth", 1);
            datasets.add(d);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("kfTimeAxis", Map.of("span", spanMs));
        options.put("parsing", false);
        options.put("scales", Map.of("y", Map.of("stacked", true, "beginAtZero", true,
                "title", Map.of("display", true, "text", yTitle))));
        options.put("interaction", Map.of("mode", "index", "intersect", false));
        set(Map.of("type", "line", "data", Map.of("datasets", datasets), "options", options));
    }

    /** Points over time, one colour per series: x epoch ms, y in the unit of {@code yTitle} (not bits). */
    void points(List<Series> series, long spanMs, String yTitle) {
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (Series s : series) {
            Map<String, Object> d = dataset(s);
            d.put("showLine", false);
            d.put("pointRadius", 3);
            datasets.add(d);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("kfTimeAxis", Map.of("span", spanMs));
        options.put("parsing", false);
        options.put("scales", Map.of("y", Map.of("title", Map.of("display", true, "text", yTitle))));
        options.put("plugins", Map.of("legend", Map.of("display", series.size() <= 12)));
        set(Map.of("type", "line", "data", Map.of("datasets", datasets), "options", options));
    }

    /** Grouped bars: one group per category, one bar per series. */
    void bars(List<String> categories, List<String> seriesLabels, List<String> colours, List<long[]> values,
              String yTitle) {
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (int i = 0; i < seriesLabels.size(); i++) {
            List<Long> data = new ArrayList<>();
            for (long[] row : values) {
                data.add(row[i]);
            }
            datasets.add(Map.of("label", seriesLabels.get(i), "data", data, "backgroundColor", colours.get(i)));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("kfBitsAxis", "y");
        options.put("scales", Map.of("y", Map.of("beginAtZero", true, "title", Map.of("display", true, "text", yTitle))));
        set(Map.of("type", "bar", "data", Map.of("labels", categories, "datasets", datasets), "options", options));
    }

    /** A series as a Chart.js dataset of (x, y) points in its colour; the caller adds how to draw it. */
    private static Map<String, Object> dataset(Series s) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("label", s.label());
        d.put("data", s.points().stream().map(p -> Map.of("x", p[0], "y", p[1])).toList());
        d.put("borderColor", s.colour());
        d.put("backgroundColor", s.colour());
        return d;
    }

    private void set(Object config) {
        try {
            getElement().setProperty("config", JSON.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /** Distinct colours for series, cycling. */
    static String colour(int i) {
        String[] palette = {"#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#9e9d24", "#4e342e",
            "#ad1457", "#283593"};
        return palette[Math.floorMod(i, palette.length)];
    }
}
