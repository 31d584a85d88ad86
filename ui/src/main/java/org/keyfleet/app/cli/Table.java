package org.keyfleet.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with columns sized to their content; numeric columns right-aligned. */
final class Table {

    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> header, boolean... rightAligned) {
        this.header = List.copyOf(header);
        this.rightAligned = new boolean[header.size()];
        System.arraycopy(rightAligned, 0, this.rightAligned, 0, Math.min(rightAligned.length, header.size()));
    }

    Table row(Object... cells) {
        final List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        final int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, header, width);
        final StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (List<String> r : rows) {
            line(out, r, width);
        }
    }

    private void line(PrintWriter out, List<String> cells, int[] width) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            final String c = cells.get(i);
            final String pad = " ".repeat(width[i] - c.length());
            b.append(rightAligned[i] ? pad + c : c + (i == width.length - 1 ? "" : pad));
        }
        out.println(b);
    }
}
