package org.keyfleet.app.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Where and how command output is written. */
final class Output {

    /** ISO-8601 UTC with a fixed millisecond field, so columns line up and every parser reads it. */
    static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Whole seconds, for tables read by people. */
    static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static String iso(Instant t) {
        return ISO_MILLIS.format(t);
    }

    static String isoSeconds(Instant t) {
        return ISO_SECONDS.format(t.plusMillis(500).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** Writes to the file when one is given, else to standard output. */
    static void write(Path file, PrintWriter stdout, Consumer<PrintWriter> body) {
        if (file == null) {
            body.accept(stdout);
            stdout.flush();
            return;
        }
        try {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8);
                 PrintWriter out = new PrintWriter(w)) {
                body.accept(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void json(PrintWriter out, Object tree) {
        try {
            out.println(JSON.writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
