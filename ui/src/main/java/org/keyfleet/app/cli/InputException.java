package org.keyfleet.app.cli;

/** A problem with what the user gave on the command line or in a file: reported as a message, status 2. */
final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }

    InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why an I/O operation failed, in words for a message: the innermost cause that says something (JDK
     * exceptions often carry no message, e.g. HttpClient's ConnectException), after its kind in words, e.g.
     * {@code no such file: /x}. No class names: a message is not a stack trace.
     */
    static String reason(Throwable e) {
        Throwable said = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                said = t;
            }
        }
        if (said == null) {
            return kind(e);
        }
        if (said instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() == null ? "" : ": " + f.getFile());
        }
        final String kind = kind(said);
        return kind.isEmpty() || kind.equals("i/o") || kind.equals("unchecked i/o") ? said.getMessage()
                : kind + ": " + said.getMessage();
    }

    /** An exception's kind in words: NoSuchFileException is "no such file". */
    static String kind(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            return "no answer (connection refused, host unreachable or timed out)";
        }
        final String name = e.getClass().getSimpleName().replaceFirst("(Exception|Error)$", "").replace("IO", "I/O");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
