package org.keyfleet.planner.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keyfleet.linkbudget.CloudCoverForecast;
import org.keyfleet.linkbudget.weather.CloudHistory;
import org.keyfleet.scenarios.GroundTerminal;
import org.keyfleet.scenarios.Scenario;

/**
 * Reads a cloud-cover forecast file once per content: the bytes are hashed (SHA-256) and parsed from the same read,
 * so the hash recorded in the run is that of the forecast used. Like {@link CloudCoverForecast#read}, a name ending
 * in {@code .csv} is the simple CSV, anything else Open-Meteo JSON; outside a terminal's forecast range the
 * climatology answers. Each forecast chunk of the job needs the forecast; a small cache keeps it parsed.
 */
final class WeatherInput {

    /** A parsed forecast and the SHA-256 (hex) of the bytes it was parsed from. */
    record Loaded(CloudCoverForecast forecast, String sha256) {
    }

    private static final int CACHE_SIZE = 4;

    private final Map<String, CloudCoverForecast> parsed = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CloudCoverForecast> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /**
     * @throws IllegalArgumentException naming the file (and the field or line at fault) when it cannot be read or
     *                                  parsed, or names a terminal the scenario does not have
     */
    Loaded load(Path file, List<GroundTerminal> terminals) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("weather: " + file + " is not a readable file; expected an Open-Meteo"
                    + " JSON forecast or a CSV with the header terminal,time,cloud_cover");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("weather: cannot read " + file + ": " + e.getMessage(), e);
        }
        String sha = sha256(bytes);
        String key = file.toAbsolutePath() + "\n" + sha + "\n" + terminals.stream().map(GroundTerminal::id).toList();
        synchronized (parsed) {
            CloudCoverForecast cached = parsed.get(key);
            if (cached != null) {
                return new Loaded(cached, sha);
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        CloudCoverForecast forecast = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? CloudCoverForecast.fromCsv(text, file.toString(), terminals)
                : CloudCoverForecast.fromOpenMeteoJson(text, file.toString(), terminals);
        synchronized (parsed) {
            parsed.put(key, forecast);
        }
        return new Loaded(forecast, sha);
    }

    /** The sky of the last model forecast asked for: every chunk of a job's forecast step reuses it. */
    private volatile Object[] lastSky;

    /** The sky a model forecast is made from (the same for every chunk of a job: kept while the key is the same). */
    CloudHistory sky(ModelWeather model, Scenario scenario) {
        String key = model.seed() + "|" + model.origin() + "|" + scenario.groundTerminals() + "|" + scenario.weather();
        Object[] last = lastSky;
        if (last != null && last[0].equals(key)) {
            return (CloudHistory) last[1];
        }
        CloudHistory sky = model.sky(scenario);
        lastSky = new Object[] {key, sky};
        return sky;
    }

    /**
     * What a run records as its weather's SHA-256: that of the file alone (as before the model existed), or with the
     * model, that of the model's parameters and the file's hash together; null for the climatology.
     */
    static String identity(String fileSha256, ModelWeather model) {
        if (model == null) {
            return fileSha256;
        }
        return sha256(("weather-model " + model.encode() + " file " + (fileSha256 == null ? "none" : fileSha256))
                .getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
