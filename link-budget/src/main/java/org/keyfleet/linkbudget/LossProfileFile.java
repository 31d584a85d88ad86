package org.keyfleet.linkbudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A SatQuMA time-resolved loss file: a header line, then rows of time (s, integer slots, t = 0 at the pass
 * centre), elevation (rad) and total efficiency η, in any time order (SatQuMA writes them from +t_max down to
 * −t_max). Further columns are ignored.
 *
 * @param times       slot times, s, as in the file
 * @param elevations  elevation per slot, rad
 * @param efficiency  total efficiency per slot, in (0, 1]
 * @param time0Index  index of the row with t = 0
 */
record LossProfileFile(double[] times, double[] elevations, double[] efficiency, int time0Index) {

    /**
     * Reads and validates a loss file.
     *
     * @throws IllegalArgumentException naming the file, line and what was expected
     */
    static LossProfileFile read(Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("loss profile " + file + ": cannot be read", e);
        }
        final List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            final String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String[] f = line.split(",");
            if (f.length < 3) {
                throw new IllegalArgumentException("loss profile " + file + " line " + (i + 1)
                        + ": expected at least 3 columns (time_s, elevation_rad, eta_tot), found " + f.length);
            }
            final double[] r = new double[3];
            for (int c = 0; c < 3; c++) {
                try {
                    r[c] = Double.parseDouble(f[c].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("loss profile " + file + " line " + (i + 1) + " column "
                            + (c + 1) + ": '" + f[c] + "' is not a number", e);
                }
            }
            if (!(r[2] > 0 && r[2] <= 1)) {
                throw new IllegalArgumentException("loss profile " + file + " line " + (i + 1) + ": eta_tot "
                        + r[2] + " is outside (0, 1]");
            }
            if (!Double.isFinite(r[0]) || r[0] != Math.rint(r[0])) {
                throw new IllegalArgumentException("loss profile " + file + " line " + (i + 1) + ": time "
                        + r[0] + " s is not a whole number of 1-s slots");
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("loss profile " + file + ": no data rows");
        }
        final int n = rows.size();
        final double[] t = new double[n];
        final double[] el = new double[n];
        final double[] eta = new double[n];
        int time0 = -1;
        for (int i = 0; i < n; i++) {
            t[i] = rows.get(i)[0];
            el[i] = rows.get(i)[1];
            eta[i] = rows.get(i)[2];
            if (t[i] == 0 && time0 < 0) {
                time0 = i;
            }
            if (i > 0 && Math.abs(t[i] - t[i - 1]) != 1) {
                throw new IllegalArgumentException("loss profile " + file + ": gap between t = " + t[i - 1]
                        + " s and t = " + t[i] + " s (rows " + i + " and " + (i + 1)
                        + "); expected consecutive 1-s slots");
            }
            if (i > 1 && Math.signum(t[i] - t[i - 1]) != Math.signum(t[i - 1] - t[i - 2])) {
                throw new IllegalArgumentException("loss profile " + file + ": time turns back at t = " + t[i]
                        + " s; expected a monotonic time column");
            }
        }
        if (time0 < 0) {
            throw new IllegalArgumentException("loss profile " + file + ": no row with time 0 (the pass centre)");
        }
        return new LossProfileFile(t, el, eta, time0);
    }

    int size() {
        return times.length;
    }
}
