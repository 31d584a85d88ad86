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
}
