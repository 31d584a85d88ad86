package org.keyfleet.app.evaluate;

import java.util.List;

/**
 * The runs of one strategy under one forecast skill, side by side with the clairvoyant plans of the same weather
 * samples. Bits throughout; means over the runs unless a distribution is given.
 *
 * @param strategy          strategy name
 * @param skill             forecast skill name
 * @param runs              weather samples run
 * @param requestedBits     Σ of the demands over the window
 * @param predictedBits     mean of the strategy's prediction at the start of the window
 * @param realisedBits      pair key combined for the demand pairs by the end of the window
 * @param clairvoyantBits   planned pair key of the clairvoyant plan of each sample
 * @param clairvoyantBound  mean of the clairvoyant solver's bound (on Σ priority × pair key)
 * @param ratioToClairvoyant realised mean / clairvoyant mean
 * @param satisfaction      Σ min(pair key, request) / Σ request
 * @param pairsWithoutKey   demand pairs without any pair key
 * @param generatedBits     link key generated
 * @param combinedBits      link key spent on pair keys (both ends)
 * @param strandedBits      link key left unmatched in stock at the end
 * @param discardedBits     link key discarded (expired or over memory)
 * @param contactsFlown     contacts flown
 * @param clearContacts     contacts flown under a clear sky
 * @param replans           re-plans per run
 * @param solverTimeouts    solves (all runs) that stopped at the time limit unproven
 * @param outcomes          the runs, in sample order
 * @param clairvoyant       the clairvoyant plans, in sample order
 */
public record Summary(String strategy, String skill, int runs, long requestedBits, double predictedBits,
                      Distribution realisedBits, Distribution clairvoyantBits, double clairvoyantBound,
                      double ratioToClairvoyant, double satisfaction, double pairsWithoutKey, double generatedBits,
                      double combinedBits, double strandedBits, double discardedBits, double contactsFlown,
                      double clearContacts, double replans, int solverTimeouts, List<RunOutcome> outcomes,
                      List<Clairvoyant> clairvoyant) {

    public Summary {
        outcomes = List.copyOf(outcomes);
        clairvoyant = List.copyOf(clairvoyant);
    }

    static Summary of(String strategy, String skill, List<RunOutcome> runs, List<Clairvoyant> clairvoyant) {
        double[] realised = runs.stream().mapToDouble(RunOutcome::realisedBits).toArray();
        double[] best = clairvoyant.stream().mapToDouble(Clairvoyant::plannedBits).toArray();
        Distribution r = Distribution.of(realised);
        Distribution c = Distribution.of(best);
        return new Summary(strategy, skill, runs.size(), runs.isEmpty() ? 0 : runs.get(0).requestedBits(),
                mean(runs, RunOutcome::predictedBits), r, c,
                clairvoyant.stream().mapToDouble(Clairvoyant::bound).average().orElse(Double.NaN),
                c.mean() > 0 ? r.mean() / c.mean() : Double.NaN,
                mean(runs, RunOutcome::satisfaction), mean(runs, o -> o.pairsWithoutKey()),
                mean(runs, o -> o.generatedBits()), mean(runs, o -> o.combinedBits()), mean(runs, o -> o.strandedBits()),
                mean(runs, o -> o.discardedBits()), mean(runs, o -> o.contactsFlown()), mean(runs, o -> o.clearContacts()),
                mean(runs, o -> o.replans()), runs.stream().mapToInt(RunOutcome::solverTimeouts).sum(), runs,
                clairvoyant);
    }

    private static double mean(List<RunOutcome> runs, java.util.function.ToDoubleFunction<RunOutcome> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
