package org.keyfleet.scenarios;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one file so that all of them are reported at once; beyond {@link #MAX_LISTED} they
 * are only counted, so that a huge broken file gives a readable answer.
 */
final class Problems {

    static final int MAX_LISTED = 100;

    private final List<ValidationProblem> list = new ArrayList<>();
    private int total;

    void add(String path, String message) {
        total++;
        if (list.size() < MAX_LISTED) {
            list.add(new ValidationProblem(path, message));
        }
    }

    boolean isEmpty() {
        return total == 0;
    }

    /** Every problem found, listed or not. */
    int size() {
        return total;
    }

    /** Problems found but not listed. */
    int omitted() {
        return total - list.size();
    }

    List<ValidationProblem> list() {
        return List.copyOf(list);
    }
}
