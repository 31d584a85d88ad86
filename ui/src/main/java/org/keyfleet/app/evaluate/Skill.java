package org.keyfleet.app.evaluate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keyfleet.linkbudget.weather.ForecastSkill;

/**
 * A named forecast skill (docs/weather-model.md):
 * <ul>
 *   <li>{@code climatology}: no skill, P(clear) is the monthly clear fraction;</li>
 *   <li>{@code default}: Brier skill 0.5 at lead 0, decaying over a day, climatology beyond 3 days;</li>
 *   <li>{@code bss=X}: Brier skill X ∈ [0, 1] at lead 0, otherwise as {@code default};</li>
 *   <li>{@code perfect-Nh}: the truth for leads under N hours (1 ≤ N ≤ 8784), climatology beyond.</li>
 * </ul>
 *
 * @param name  as given (normalised to lower case)
 * @param skill the forecast's skill
 */
record Skill(String name, ForecastSkill skill) {

    /** A decay time so long that the skill stays 1 over any supported lead, s. */
    private static final double NO_DECAY_S = 1e15;
    private static final Pattern PERFECT = Pattern.compile("perfect-(\\d{1,4})h");
    private static final Pattern BSS = Pattern.compile("bss=([0-9.]+)");

    static final String EXPECTED = "climatology, default, bss=X (0 <= X <= 1) or perfect-Nh (1 <= N <= 8784)";

    /** @throws IllegalArgumentException naming the value and what is accepted */
    static Skill parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("climatology")) {
            return new Skill(s, ForecastSkill.none());
        }
        if (s.equals("default")) {
            return new Skill(s, ForecastSkill.defaults());
        }
        Matcher perfect = PERFECT.matcher(s);
        if (perfect.matches()) {
            int hours = Integer.parseInt(perfect.group(1));
            if (hours >= 1 && hours <= 8784) {
                return new Skill(s, new ForecastSkill(1, NO_DECAY_S, hours * 3600.0));
            }
        }
        Matcher bss = BSS.matcher(s);
        if (bss.matches()) {
            try {
                double x = Double.parseDouble(bss.group(1));
                if (x >= 0 && x <= 1) {
                    return new Skill(s, ForecastSkill.defaults().withBrierSkillAtZeroLead(x));
                }
            } catch (NumberFormatException e) {
                // falls through to the message
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a forecast skill; expected " + EXPECTED);
    }
}
