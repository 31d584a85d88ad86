package org.keyfleet.orbit;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.geometry.euclidean.threed.FieldVector3D;
import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.bodies.CelestialBody;
import org.orekit.frames.Frame;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.FieldAbsoluteDate;
import org.orekit.utils.Constants;
import org.orekit.utils.TimeStampedPVCoordinates;

/**
 * The Earth as a celestial body at the origin of GCRF, without JPL ephemerides.
 *
 * <p>Orekit's default Earth body is read from JPL ephemeris files (its position about the solar-system
 * barycentre), which Keyfleet does not ship. The CCSDS OMM parser resolves {@code CENTER_NAME = EARTH} to
 * that body although it never needs its heliocentric position; this body answers in every Earth-centred
 * frame, which is all Keyfleet asks of it. Hand-written because Orekit offers no JPL-free Earth body.
 */
final class GeocentricEarth implements CelestialBody {

    private final Frame gcrf;
    private final Frame itrf;

    GeocentricEarth(Frame gcrf, Frame itrf) {
        this.gcrf = gcrf;
        this.itrf = itrf;
    }

    @Override
    public Frame getInertiallyOrientedFrame() {
        return gcrf;
    }

    @Override
    public Frame getBodyOrientedFrame() {
        return itrf;
    }

    @Override
    public String getName() {
        return "Earth";
    }

    @Override
    public double getGM() {
        return Constants.EIGEN5C_EARTH_MU;
    }

    @Override
    public Vector3D getPosition(AbsoluteDate date, Frame frame) {
        return gcrf.getStaticTransformTo(frame, date).transformPosition(Vector3D.ZERO);
    }

    @Override
    public TimeStampedPVCoordinates getPVCoordinates(AbsoluteDate date, Frame frame) {
        return gcrf.getTransformTo(frame, date)
                .transformPVCoordinates(new TimeStampedPVCoordinates(date, Vector3D.ZERO, Vector3D.ZERO));
    }

    @Override
    public <T extends CalculusFieldElement<T>> FieldVector3D<T> getPosition(FieldAbsoluteDate<T> date, Frame frame) {
        return gcrf.getStaticTransformTo(frame, date)
                .transformPosition(FieldVector3D.getZero(date.getField()));
    }
}
