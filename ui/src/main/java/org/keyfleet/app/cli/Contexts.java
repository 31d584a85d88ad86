package org.keyfleet.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.keyfleet.app.KeyfleetApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The data directory of the commands and the application context the one-shot commands run in. */
final class Contexts {

    private Contexts() {
    }

    /** {@code --data}, else {@code $KEYFLEET_DATA}, else {@code ./data}; absolute. */
    static Path dataDirectory(Path option) {
        Path dir = option;
        if (dir != null && dir.toString().isBlank()) {
            // Path.of("") is the current directory: an empty --data (an unset shell variable) must not mean that
            throw new InputException("--data: '' is empty; expected a directory path (default ./data, or "
                    + "$KEYFLEET_DATA)");
        }
        if (dir == null) {
            final String env = System.getenv("KEYFLEET_DATA");
            dir = Path.of(env == null || env.isBlank() ? "data" : env);
        }
        dir = dir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException("--data: " + dir + " exists and is not a directory");
        }
        return dir;
    }

    /** Whether the database is configured elsewhere than the H2 file under the data directory. */
    static boolean externalDatabase() {
        final String url = System.getenv("SPRING_DATASOURCE_URL");
        return (url != null && !url.isBlank()) || System.getProperty("spring.datasource.url") != null;
    }

    /**
     * The application without a web server and without the twin, on the H2 database under {@code dataDir} unless
     * configured otherwise; logs at WARN so command output stays readable.
     */
    static ConfigurableApplicationContext offline(Path dataDir) {
        return new SpringApplicationBuilder(KeyfleetApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(Map.of("keyfleet.data", dataDir.toString(), "logging.level.root", "WARN"))
                .run();
    }
}
