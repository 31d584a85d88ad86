package org.keyfleet.scenarios;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file so that all of them are reported at once. */
final class Problems {

    private final List<ValidationProblem> list = new ArrayList<>();

    void add(String path, String message) {
        list.add(new ValidationProblem(path, message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    List<ValidationProblem> list() {
        return List.copyOf(list);
    }
}
