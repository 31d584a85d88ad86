package org.keyfleet.linkbudget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keyfleet.scenarios.GroundTerminal;

/**
 * Cloud-cover forecasts per terminal (hourly total cloud cover, %), read from files in the JSON shape of the
 * Open-Meteo forecast API ({@code hourly.time}, {@code hourly.cloud_cover}) or from a simple CSV
 * ({@code terminal,time,cloud_cover}), or fetched from a configurable Open-Meteo-compatible URL.
 *
 * <p>P(clear) of a pass is 1 − cloud cover, the cover interpolated linearly in time and averaged over the pass
 * (start, middle, end). Inside a terminal's forecast range the forecast wins; outside it, or for a terminal
 * without a forecast, the fallback (by default the climatology) answers.
 *
 * <p>Immutable and thread-safe.
 */
public final class CloudCoverForecast implements WeatherSource {

    /** The public Open-Meteo forecast endpoint (never called by the tests). */
    public static final URI OPEN_METEO = URI.create("https://api.open-meteo.com/v1/forecast");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How far an Open-Meteo location may lie from a terminal (its grid snapping), degrees. */
    private static final double MATCH_DEGREES = 0.5;

    /** One terminal's hourly series. */
    private record Series(long[] epochSeconds, double[] cover) {
        boolean covers(Instant t) {
            final long s = t.getEpochSecond();
            return s >= epochSeconds[0] && s <= epochSeconds[epochSeconds.length - 1];
        }

        double at(Instant t) {
            final long s = t.getEpochSecond();
            int lo = 0;
            int hi = epochSeconds.length - 1;
            if (s <= epochSeconds[lo]) {
                return cover[lo];
            }
            if (s >= epochSeconds[hi]) {
                return cover[hi];
            }
            while (hi - lo > 1) {
                final int mid = (lo + hi) >>> 1;
                if (epochSeconds[mid] <= s) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            final double f = (double) (s - epochSeconds[lo]) / (epochSeconds[hi] - epochSeconds[lo]);
            return cover[lo] * (1 - f) + cover[hi] * f;
        }
    }

    private final Map<String, Series> series;
    private final WeatherSource fallback;

    private CloudCoverForecast(Map<String, Series> series, WeatherSource fallback) {
        this.series = Map.copyOf(series);
        this.fallback = fallback;
    }

    @Override
    public double clearSkyProbability(GroundTerminal terminal, Instant start, Instant end) {
        final Series s = series.get(terminal.id());
        final Instant mid = start.plus(Duration.between(start, end).dividedBy(2));
        if (s == null || !s.covers(mid)) {
            return fallback.clearSkyProbability(terminal, start, end);
        }
        final double cover = (s.at(start) + s.at(mid) + s.at(end)) / 3;
        return Math.max(0, Math.min(1, 1 - cover / 100));
    }

    /** The same forecasts with another fallback outside their range. */
    public CloudCoverForecast withFallback(WeatherSource f) {
        return new CloudCoverForecast(series, f);
    }

    /** Terminal ids with a forecast. */
    public Collection<String> terminals() {
        return series.keySet();
    }

    /** Forecast range of a terminal, or null. */
    public Instant[] range(String terminalId) {
        final Series s = series.get(terminalId);
        return s == null ? null : new Instant[] {Instant.ofEpochSecond(s.epochSeconds[0]),
                Instant.ofEpochSecond(s.epochSeconds[s.epochSeconds.length - 1])};
    }

    /**
     * Reads a forecast file: {@code .csv} as the simple CSV, anything else as Open-Meteo JSON (one location
     * object or an array of them, matched to the nearest terminal within 0.5°).
     *
     * @throws IllegalArgumentException naming the file, field or line at fault
     */
    public static CloudCoverForecast read(Path file, List<GroundTerminal> terminals) {
        final String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("weather file " + file + ": cannot be read", e);
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return fromCsv(text, file.toString(), terminals);
        }
        return fromOpenMeteoJson(text, file.toString(), terminals);
    }

    /**
     * Parses the simple CSV: header {@code terminal,time,cloud_cover}; time ISO-8601 (UTC when no offset is
     * given); cloud cover in %, [0, 100].
     */
    public static CloudCoverForecast fromCsv(String text, String source, List<GroundTerminal> terminals) {
        final String[] lines = text.split("\\R");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new IllegalArgumentException("weather CSV " + source + ": empty; expected the header"
                    + " terminal,time,cloud_cover");
        }
        final List<String> header = List.of(lines[0].trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        final int ti = header.indexOf("terminal");
        final int tt = header.indexOf("time");
        final int tc = header.indexOf("cloud_cover");
        if (ti < 0 || tt < 0 || tc < 0) {
            throw new IllegalArgumentException("weather CSV " + source + ": header '" + lines[0]
                    + "' lacks one of the columns terminal, time, cloud_cover");
        }
        final Map<String, List<double[]>> rows = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            final String[] f = lines[i].split("\\s*,\\s*");
            if (f.length <= Math.max(ti, Math.max(tt, tc))) {
                throw new IllegalArgumentException("weather CSV " + source + " line " + (i + 1) + ": expected "
                        + header.size() + " columns, found " + f.length);
            }
            final Instant t = parseTime(f[tt].trim(), 0, "weather CSV " + source + " line " + (i + 1) + ": time");
            final double c = cover(f[tc].trim(), "weather CSV " + source + " line " + (i + 1) + ": cloud_cover");
            rows.computeIfAbsent(f[ti].trim(), k -> new ArrayList<>()).add(new double[] {t.getEpochSecond(), c});
        }
        final Map<String, Series> map = new HashMap<>();
        rows.forEach((id, r) -> map.put(id, series(r, "weather CSV " + source + " terminal " + id)));
        checkTerminals(map.keySet(), terminals, "weather CSV " + source);
        return new CloudCoverForecast(map, WeatherSource.climatology());
    }

    /** Parses Open-Meteo JSON (a location object or an array of them). */
    public static CloudCoverForecast fromOpenMeteoJson(String text, String source, List<GroundTerminal> terminals) {
        final JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("weather file " + source + ": not valid JSON: " + e.getMessage(), e);
        }
        final List<JsonNode> locations = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(locations::add);
        } else if (root != null && root.isObject()) {
            locations.add(root);
        } else {
            throw new IllegalArgumentException("weather file " + source + ": expected an Open-Meteo forecast object"
                    + " or an array of them");
        }
        final Map<String, Series> map = new HashMap<>();
        for (int i = 0; i < locations.size(); i++) {
            final JsonNode loc = locations.get(i);
            final String where = "weather file " + source + (locations.size() > 1 ? " [" + i + "]" : "");
            final GroundTerminal t = nearest(loc, terminals, where);
            map.put(t.id(), openMeteoSeries(loc, where));
        }
        return new CloudCoverForecast(map, WeatherSource.climatology());
    }

    private static Series openMeteoSeries(JsonNode loc, String where) {
        final JsonNode hourly = loc.path("hourly");
        final JsonNode times = hourly.path("time");
        JsonNode covers = hourly.path("cloud_cover");
        if (covers.isMissingNode()) {
            covers = hourly.path("cloudcover"); // the API's older name
        }
        if (!times.isArray() || !covers.isArray()) {
            throw new IllegalArgumentException(where + ": hourly.time and hourly.cloud_cover arrays are required");
        }
        if (times.size() != covers.size() || times.isEmpty()) {
            throw new IllegalArgumentException(where + ": hourly.time has " + times.size() + " entries but"
                    + " hourly.cloud_cover has " + covers.size() + "; expected the same non-zero number");
        }
        final int offset = loc.path("utc_offset_seconds").asInt(0);
        final List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            final JsonNode tn = times.get(i);
            final Instant t = tn.isNumber() ? Instant.ofEpochSecond(tn.asLong())
                    : parseTime(tn.asText(), offset, where + ": hourly.time[" + i + "]");
            final JsonNode cn = covers.get(i);
            if (cn.isNull()) {
                continue; // Open-Meteo leaves hours beyond its model range null
            }
            if (!cn.isNumber()) {
                throw new IllegalArgumentException(where + ": hourly.cloud_cover[" + i + "] = " + cn
                        + " is not a number");
            }
            rows.add(new double[] {t.getEpochSecond(), cover(cn.asText(), where + ": hourly.cloud_cover[" + i + "]")});
        }
        return series(rows, where);
    }

    private static GroundTerminal nearest(JsonNode loc, List<GroundTerminal> terminals, String where) {
        if (!loc.path("latitude").isNumber() || !loc.path("longitude").isNumber()) {
            throw new IllegalArgumentException(where + ": latitude and longitude are required to match a terminal");
        }
        final double lat = loc.get("latitude").asDouble();
        final double lon = loc.get("longitude").asDouble();
        GroundTerminal best = null;
        double bestD = Double.POSITIVE_INFINITY;
        for (GroundTerminal t : terminals) {
            final double dLat = lat - Math.toDegrees(t.latitudeRad());
            double dLon = Math.abs(lon - Math.toDegrees(t.longitudeRad())) % 360;
            dLon = Math.min(dLon, 360 - dLon) * Math.cos(Math.toRadians(lat));
            final double d = Math.hypot(dLat, dLon);
            if (d < bestD) {
                bestD = d;
                best = t;
            }
        }
        if (best == null || bestD > MATCH_DEGREES) {
            throw new IllegalArgumentException(where + ": location (" + lat + ", " + lon + ") is more than "
                    + MATCH_DEGREES + "° from every ground terminal");
        }
        return best;
    }

    private static Series series(List<double[]> rows, String where) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(where + ": no cloud-cover values");
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        final long[] t = new long[rows.size()];
        final double[] c = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            t[i] = (long) rows.get(i)[0];
            c[i] = rows.get(i)[1];
            if (i > 0 && t[i] == t[i - 1]) {
                throw new IllegalArgumentException(where + ": two values for " + Instant.ofEpochSecond(t[i]));
            }
        }
        return new Series(t, c);
    }

    private static double cover(String text, String where) {
        final double c;
        try {
            c = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a number", e);
        }
        if (!(c >= 0 && c <= 100)) {
            throw new IllegalArgumentException(where + ": " + c + " is outside [0, 100] %");
        }
        return c;
    }

    private static Instant parseTime(String text, int utcOffsetSeconds, String where) {
        try {
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.ofTotalSeconds(utcOffsetSeconds));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not an ISO-8601 time", e);
        }
    }

    private static void checkTerminals(Collection<String> ids, List<GroundTerminal> terminals, String where) {
        if (terminals == null || terminals.isEmpty()) {
            return;
        }
        for (String id : ids) {
            if (terminals.stream().noneMatch(t -> t.id().equals(id))) {
                throw new IllegalArgumentException(where + ": terminal '" + id + "' is not a ground terminal of the"
                        + " scenario");
            }
        }
    }

    /**
     * Fetches hourly cloud cover for every terminal from an Open-Meteo-compatible endpoint:
     * {@code GET base?latitude=..&longitude=..&hourly=cloud_cover&timezone=UTC&start_date=..&end_date=..}.
     *
     * @param base      endpoint, e.g. {@link #OPEN_METEO}
     * @param terminals terminals to fetch for
     * @param start     first day (UTC)
     * @param days      number of days, ≥ 1
     * @param timeout   per-request timeout
     * @throws UncheckedIOException on a network error or a non-200 answer, naming the URL
     */
    public static CloudCoverForecast fetch(URI base, List<GroundTerminal> terminals, Instant start, int days,
                                           Duration timeout) {
        if (days < 1) {
            throw new IllegalArgumentException("days: " + days + " must be >= 1");
        }
        final HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        final LocalDate first = start.atZone(ZoneOffset.UTC).toLocalDate();
        final LocalDate last = first.plusDays(days - 1L);
        final Map<String, Series> map = new HashMap<>();
        for (GroundTerminal t : terminals) {
            final String query = "latitude=" + enc(Math.toDegrees(t.latitudeRad())) + "&longitude="
                    + enc(Math.toDegrees(t.longitudeRad())) + "&hourly=cloud_cover&timezone=UTC&start_date=" + first
                    + "&end_date=" + last;
            final URI uri = URI.create(base + (base.toString().contains("?") ? "&" : "?") + query);
            final HttpResponse<String> response;
            try {
                response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // HttpClient's ConnectException has no message: say what it means rather than print "null"
                throw new UncheckedIOException("weather fetch " + uri + ": " + (e.getMessage() == null
                        ? "no answer (connection refused, host unreachable or timed out)" : e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException("weather fetch " + uri + ": interrupted", new IOException(e));
            }
            if (response.statusCode() != 200) {
                throw new UncheckedIOException("weather fetch " + uri + ": HTTP " + response.statusCode(),
                        new IOException(response.body()));
            }
            final JsonNode loc;
            try {
                loc = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("weather fetch " + uri + ": answer is not JSON", e);
            }
            map.put(t.id(), openMeteoSeries(loc, "weather fetch " + uri));
        }
        return new CloudCoverForecast(map, WeatherSource.climatology());
    }

    private static String enc(double v) {
        return URLEncoder.encode(String.format(Locale.ROOT, "%.4f", v), StandardCharsets.UTF_8);
    }
}
