package org.keyfleet.scenarios;

/**
 * Mean photon numbers of the three decoy-state BB84 intensities (signal &gt; decoy + vacuum, decoy &gt; vacuum ≥ 0,
 * all below 1; Lim et al., Phys. Rev. A 89, 022307 (2014)).
 *
 * @param signal mean photon number of the signal state
 * @param decoy  mean photon number of the weak decoy
 * @param vacuum mean photon number of the (near-)vacuum decoy
 */
public record DecoyIntensities(double signal, double decoy, double vacuum) {
}
