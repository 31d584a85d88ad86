package org.keyfleet.scenarios;

import java.util.List;

/**
 * Minimum elevation as a function of azimuth: a constant, or a table of points interpolated linearly
 * in azimuth and wrapping around north.
 *
 * @param points table points sorted by azimuth; a single point means a constant mask
 */
public record ElevationMask(List<Point> points) {

    /**
     * One mask point.
     *
     * @param azimuthRad   azimuth from north, clockwise, rad in [0, 2π)
     * @param elevationRad minimum elevation at that azimuth, rad
     */
    public record Point(double azimuthRad, double elevationRad) {
    }

    public ElevationMask {
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("an elevation mask needs at least one point");
        }
    }

    public static ElevationMask constant(double elevationRad) {
        return new ElevationMask(List.of(new Point(0.0, elevationRad)));
    }

    public boolean isConstant() {
        return points.size() == 1;
    }

    /** Lowest elevation anywhere on the mask, rad. */
    public double minimumRad() {
        return points.stream().mapToDouble(Point::elevationRad).min().orElseThrow();
    }

    /** Highest elevation anywhere on the mask, rad. */
    public double maximumRad() {
        return points.stream().mapToDouble(Point::elevationRad).max().orElseThrow();
    }

    /**
     * Minimum elevation at an azimuth.
     *
     * @param azimuthRad azimuth, rad (any value; reduced to [0, 2π))
     * @return the mask elevation, rad
     */
    public double elevationAt(double azimuthRad) {
        if (points.size() == 1) {
            return points.get(0).elevationRad();
        }
        final double twoPi = 2 * Math.PI;
        double az = azimuthRad % twoPi;
        if (az < 0) {
            az += twoPi;
        }
        // segment [p(i-1), p(i)] with p(-1) = last point shifted by -2π and p(n) = first point shifted by +2π
        final int n = points.size();
        Point prev = points.get(n - 1);
        double prevAz = prev.azimuthRad() - twoPi;
        for (final Point p : points) {
            if (az <= p.azimuthRad()) {
                return interpolate(prevAz, prev.elevationRad(), p.azimuthRad(), p.elevationRad(), az);
            }
            prev = p;
            prevAz = p.azimuthRad();
        }
        final Point first = points.get(0);
        return interpolate(prevAz, prev.elevationRad(), first.azimuthRad() + twoPi, first.elevationRad(), az);
    }

    private static double interpolate(double x0, double y0, double x1, double y1, double x) {
        if (x1 == x0) {
            return Math.max(y0, y1);
        }
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }
}
