package org.keyfleet.planner;

/** A SatQKDOptim instance file that cannot be read; the message names the file, the field, the value and what was expected. */
public final class InstanceFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    InstanceFormatException(String source, String field, String problem) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.field = field;
    }

    InstanceFormatException(String source, String field, String problem, Throwable cause) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.field = field;
    }

    /** JSON path of the offending field, e.g. {@code satellite_passes[3].startTime}; empty for the whole file. */
    public String field() {
        return field;
    }
}
