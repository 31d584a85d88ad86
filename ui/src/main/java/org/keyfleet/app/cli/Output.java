package org.keyfleet.app.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /** Writes to the {@code --out} file when one is given, else to standard output. */
    static void write(Path file, PrintWriter stdout, Consumer<PrintWriter> body) {
        if (file == null) {
            body.accept(stdout);
            stdout.flush();
            return;
        }
        checkWritableFile(file, "--out");
        try {
            try (Writer w = new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8);
                 PrintWriter out = new PrintWriter(w)) {
                body.accept(out);
                if (out.checkError()) { // PrintWriter swallows write errors (a full disk): ask
                    throw new IOException("write error");
                }
            }
        } catch (IOException e) {
            throw new InputException("--out: cannot write " + file + ": " + InputException.reason(e), e);
        }
    }

    /**
     * Checks, before any work is done, that {@code file} can be written: not a directory, its directory
     * creatable, the file creatable or writable. A missing file is created and removed again; an existing one
     * is opened for appending, which changes nothing. Root passes permission checks, so this tries for real.
     */
    static void checkWritableFile(Path file, String option) {
        if (file == null) {
            return;
        }
        if (file.toString().isBlank()) {
            throw new InputException(option + ": '' is empty; expected a file path");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(option + ": " + file + " is a directory; expected a file to write");
        }
        try {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.isRegularFile(file)) {
                Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND).close();
            } else if (Files.exists(file)) { // a device or a pipe: opening it could block
                if (!Files.isWritable(file)) {
                    throw new IOException("not writable");
                }
            } else {
                Files.createFile(file);
                Files.delete(file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new InputException(option + ": cannot write " + file + ": " + InputException.reason(e), e);
        }
    }

    /** As {@link #checkWritableFile} for a directory that will receive files (created when missing). */
    static void checkWritableDirectory(Path dir, String option) {
        if (dir == null) {
            return;
        }
        if (dir.toString().isBlank()) {
            throw new InputException(option + ": '' is empty; expected a directory path");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException(option + ": " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".keyfleet-", ".probe"));
        } catch (IOException | UnsupportedOperationException e) {
            // the probe file's name would only confuse: the reason without the file
            final String why = e instanceof java.nio.file.FileSystemException f
                    ? (f.getReason() != null ? f.getReason() : InputException.kind(f))
                    : InputException.reason(e);
            throw new InputException(option + ": cannot write files into " + dir + " (" + why + ")", e);
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
