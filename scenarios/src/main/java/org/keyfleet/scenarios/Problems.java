package org.keyfleet.scenarios;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the problems of one file so that all of them are reported at once; beyond {@link #MAX_LISTED} they
 * are only counted, so that a huge broken file gives a readable answer.
 */
final class Problems {

    static final int MAX_LISTED = 100;

    private final List<ValidationProblem> list = new ArrayList<>();
    private final Set<String> paths = new HashSet<>();
    private int total;

    void add(String path, String message) {
        total++;
        paths.add(path);
        if (list.size() < MAX_LISTED) {
            list.add(new ValidationProblem(path, message));
        }
    }

    boolean isEmpty() {
        return total == 0;
    }

    /** True when a problem, listed or not, was found at {@code path}. */
    boolean hasAt(String path) {
        return paths.contains(path);
    }

    /** True when a problem, listed or not, was found at {@code path} or inside it. */
    boolean hasAtOrInside(String path) {
        if (path.isEmpty()) {
            return total > 0;
        }
        for (String p : paths) {
            if (p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "[")) {
                return true;
            }
        }
        return false;
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
