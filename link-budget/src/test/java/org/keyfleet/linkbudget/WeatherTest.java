package org.keyfleet.linkbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyfleet.scenarios.ElevationMask;
import org.keyfleet.scenarios.GroundTerminal;

/** Clear-sky probability from climatology, cloud-cover files and a (local) forecast server. */
class WeatherTest {

    private static final GroundTerminal MAD = terminal("MAD", 40.4168, -3.7038,
            List.of(0.50, 0.52, 0.58, 0.55, 0.60, 0.75, 0.85, 0.82, 0.68, 0.55, 0.48, 0.45));
    private static final GroundTerminal HEL = terminal("HEL", 60.1699, 24.9384,
            List.of(0.25, 0.30, 0.40, 0.45, 0.55, 0.55, 0.55, 0.50, 0.40, 0.30, 0.22, 0.20));

    static GroundTerminal terminal(String id, double latDeg, double lonDeg, List<Double> climatology) {
        return new GroundTerminal(id, id, Math.toRadians(latDeg), Math.toRadians(lonDeg), 100, 0.5, 0.5, 0.6, 100,
                1e-4, 1e-9, 1e-9, ElevationMask.constant(0.2), climatology, List.of(), List.of());
    }

    private static String openMeteo(double lat, double lon, int utcOffsetSeconds, String firstLocalHour, int[] cover) {
        final StringBuilder times = new StringBuilder();
        final StringBuilder values = new StringBuilder();
        final java.time.LocalDateTime start = java.time.LocalDateTime.parse(firstLocalHour);
        for (int i = 0; i < cover.length; i++) {
            times.append(i > 0 ? "," : "").append('"').append(start.plusHours(i)).append('"');
            values.append(i > 0 ? "," : "").append(cover[i]);
        }
        return "{\"latitude\":" + lat + ",\"longitude\":" + lon + ",\"utc_offset_seconds\":" + utcOffsetSeconds
                + ",\"timezone\":\"GMT\",\"hourly_units\":{\"time\":\"iso8601\",\"cloud_cover\":\"%\"},"
                + "\"hourly\":{\"time\":[" + times + "],\"cloud_cover\":[" + values + "]}}";
    }

    @Test
    void climatologyUsesTheUtcMonthOfThePassMidpoint() {
        final WeatherSource c = WeatherSource.climatology();
        assertThat(c.clearSkyProbability(MAD, Instant.parse("2026-07-10T21:00:00Z"),
                Instant.parse("2026-07-10T21:08:00Z"))).isEqualTo(0.85);
        // a pass across midnight of 31 January belongs to the month of its midpoint
        assertThat(c.clearSkyProbability(MAD, Instant.parse("2026-01-31T23:55:00Z"),
                Instant.parse("2026-02-01T00:09:00Z"))).isEqualTo(0.52);
    }

    @Test
    void openMeteoFileWinsInsideItsRangeAndClimatologyOutside() {
        // Open-Meteo snaps to its grid: 40.42, -3.70 is Madrid's cell; 20 % cover at 21:00Z, 60 % at 22:00Z
        final int[] cover = {20, 60, 100, 0};
        final CloudCoverForecast f = CloudCoverForecast.fromOpenMeteoJson(
                openMeteo(40.42, -3.70, 0, "2026-07-10T21:00", cover), "test.json", List.of(MAD, HEL));
        assertThat(f.terminals()).containsExactly("MAD");
        // a pass 21:20–21:40: cover 33.3, 40, 46.7 % → P(clear) = 0.6
        assertThat(f.clearSkyProbability(MAD, Instant.parse("2026-07-10T21:20:00Z"),
                Instant.parse("2026-07-10T21:40:00Z"))).isCloseTo(0.6, within(1e-12));
        // outside the forecast range: climatology
        assertThat(f.clearSkyProbability(MAD, Instant.parse("2026-07-12T21:20:00Z"),
                Instant.parse("2026-07-12T21:30:00Z"))).isEqualTo(0.85);
        // a terminal without a forecast: climatology
        assertThat(f.clearSkyProbability(HEL, Instant.parse("2026-07-10T21:20:00Z"),
                Instant.parse("2026-07-10T21:30:00Z"))).isEqualTo(0.55);
        // overcast at 23:00Z
        assertThat(f.clearSkyProbability(MAD, Instant.parse("2026-07-10T23:00:00Z"),
                Instant.parse("2026-07-10T23:00:00Z"))).isEqualTo(0.0);
    }

    @Test
    void localTimesAreShiftedByTheUtcOffsetAndArraysMatchTerminals() {
        // Helsinki local time (UTC+2): 23:00 local is 21:00Z
        final String hel = openMeteo(60.17, 24.94, 7200, "2026-12-01T23:00", new int[] {80, 80});
        final String mad = openMeteo(40.40, -3.70, 3600, "2026-12-01T22:00", new int[] {10, 30});
        final CloudCoverForecast f = CloudCoverForecast.fromOpenMeteoJson("[" + hel + "," + mad + "]", "two.json",
                List.of(MAD, HEL));
        assertThat(f.terminals()).containsExactlyInAnyOrder("MAD", "HEL");
        assertThat(f.range("HEL")[0]).isEqualTo(Instant.parse("2026-12-01T21:00:00Z"));
        assertThat(f.clearSkyProbability(HEL, Instant.parse("2026-12-01T21:10:00Z"),
                Instant.parse("2026-12-01T21:20:00Z"))).isCloseTo(0.2, within(1e-12));
        assertThat(f.clearSkyProbability(MAD, Instant.parse("2026-12-01T21:30:00Z"),
                Instant.parse("2026-12-01T21:30:00Z"))).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void csvForecast(@TempDir Path dir) throws Exception {
        final Path csv = dir.resolve("clouds.csv");
        Files.writeString(csv, "terminal,time,cloud_cover\nHEL,2026-12-01T21:00:00Z,90\nHEL,2026-12-01T22:00:00Z,50\n"
                + "MAD,2026-12-01T21:00,0\nMAD,2026-12-01T22:00,0\n");
        final CloudCoverForecast f = CloudCoverForecast.read(csv, List.of(MAD, HEL));
        assertThat(f.clearSkyProbability(HEL, Instant.parse("2026-12-01T21:30:00Z"),
                Instant.parse("2026-12-01T21:30:00Z"))).isCloseTo(0.3, within(1e-12));
        assertThat(f.clearSkyProbability(MAD, Instant.parse("2026-12-01T21:30:00Z"),
                Instant.parse("2026-12-01T21:40:00Z"))).isEqualTo(1.0);
    }

    @Test
    void badForecastFilesNameTheProblem(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CloudCoverForecast.fromCsv("terminal,time,cloud_cover\nMAD,2026-12-01T21:00Z,140\n",
                "c.csv", List.of(MAD))).hasMessageContaining("c.csv line 2").hasMessageContaining("[0, 100]");
        assertThatThrownBy(() -> CloudCoverForecast.fromCsv("terminal,time,cloud_cover\nMAD,yesterday,10\n",
                "c.csv", List.of(MAD))).hasMessageContaining("line 2: time").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> CloudCoverForecast.fromCsv("station,time,cover\n", "c.csv", List.of(MAD)))
                .hasMessageContaining("terminal, time, cloud_cover");
        assertThatThrownBy(() -> CloudCoverForecast.fromCsv("terminal,time,cloud_cover\nXYZ,2026-12-01T21:00Z,10\n",
                "c.csv", List.of(MAD))).hasMessageContaining("'XYZ'");
        assertThatThrownBy(() -> CloudCoverForecast.fromOpenMeteoJson(openMeteo(10.0, 10.0, 0, "2026-12-01T00:00",
                new int[] {1}), "far.json", List.of(MAD))).hasMessageContaining("far.json")
                .hasMessageContaining("every ground terminal");
        assertThatThrownBy(() -> CloudCoverForecast.fromOpenMeteoJson("{\"latitude\":40.4,\"longitude\":-3.7,"
                + "\"hourly\":{\"time\":[\"2026-12-01T00:00\"],\"cloud_cover\":[]}}", "short.json", List.of(MAD)))
                .hasMessageContaining("hourly.cloud_cover has 0");
        final Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{not json");
        assertThatThrownBy(() -> CloudCoverForecast.read(broken, List.of(MAD))).hasMessageContaining("not valid JSON");
    }

    @Test
    void fetchesFromAConfiguredForecastServer() throws Exception {
        final List<String> queries = new ArrayList<>();
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/forecast", exchange -> {
            final String q = exchange.getRequestURI().getQuery();
            synchronized (queries) {
                queries.add(q);
            }
            final boolean madrid = q.contains("latitude=40.4168");
            final byte[] body = openMeteo(madrid ? 40.42 : 60.17, madrid ? -3.70 : 24.94, 0, "2026-12-01T00:00",
                    madrid ? new int[] {0, 0, 0} : new int[] {100, 100, 100}).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            final URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/forecast");
            final CloudCoverForecast f = CloudCoverForecast.fetch(base, List.of(MAD, HEL),
                    Instant.parse("2026-12-01T00:00:00Z"), 2, Duration.ofSeconds(5));
            assertThat(queries).hasSize(2);
            assertThat(queries.get(0)).contains("hourly=cloud_cover").contains("start_date=2026-12-01")
                    .contains("end_date=2026-12-02").contains("timezone=UTC");
            assertThat(f.clearSkyProbability(MAD, Instant.parse("2026-12-01T01:00:00Z"),
                    Instant.parse("2026-12-01T01:10:00Z"))).isEqualTo(1.0);
            assertThat(f.clearSkyProbability(HEL, Instant.parse("2026-12-01T01:00:00Z"),
                    Instant.parse("2026-12-01T01:10:00Z"))).isEqualTo(0.0);
            final URI broken = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/broken");
            assertThatThrownBy(() -> CloudCoverForecast.fetch(broken, List.of(MAD), Instant.now(), 1,
                    Duration.ofSeconds(5))).hasMessageContaining("HTTP 503").hasMessageContaining("/broken");
        } finally {
            server.stop(0);
        }
    }
}
