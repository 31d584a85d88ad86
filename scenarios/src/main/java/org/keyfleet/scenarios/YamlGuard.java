package org.keyfleet.scenarios;

import java.io.StringReader;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * What a scenario file may hold beyond plain YAML, checked on SnakeYAML's event stream before Jackson reads it:
 * Jackson would silently read the first of several documents, drop unknown tags and turn an alias into its
 * anchor's name. So: one document, no anchors or aliases, only the core-schema tags, bounded nesting, bounded
 * size. A streaming pass builds no tree, so a hostile file costs time in proportion to its (bounded) length.
 */
final class YamlGuard {

    /**
     * Largest scenario text, in characters: 15 times the largest shipped scenario (60 terminals in 36 000), and
     * small enough that even a file full of problems is answered in about a second.
     */
    static final int MAX_CHARS = 512 * 1024;

    /** Deepest nesting of mappings and lists (a scenario needs 5). */
    static final int MAX_DEPTH = 32;

    private static final String CORE = "tag:yaml.org,2002:";
    private static final Set<String> ALLOWED_TAGS = Set.of("!", CORE + "str", CORE + "int", CORE + "float",
            CORE + "bool", CORE + "null", CORE + "map", CORE + "seq");

    private YamlGuard() {
    }

    /** SnakeYAML's own limits, also given to Jackson's parser. */
    static LoaderOptions loaderOptions() {
        final LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CHARS + 1);
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_DEPTH);
        return options;
    }

    /** The first thing wrong with the text's structure, as one message, or empty. */
    static Optional<String> check(String yaml) {
        if (yaml.length() > MAX_CHARS) {
            return Optional.of("the text has " + yaml.length() + " characters, more than the limit of " + MAX_CHARS
                    + " for a scenario");
        }
        int documents = 0;
        int depth = 0;
        try {
            for (Event e : new Yaml(loaderOptions()).parse(new StringReader(yaml))) {
                if (e instanceof DocumentStartEvent && ++documents > 1) {
                    return Optional.of(at(e.getStartMark()) + "a second YAML document starts here; a scenario"
                            + " file holds exactly one (remove the '---' and what follows, or split the file)");
                }
                if (e instanceof AliasEvent alias) {
                    return Optional.of(at(e.getStartMark()) + "alias *" + shown(alias.getAnchor())
                            + " is not supported; write the value out");
                }
                if (e instanceof NodeEvent node && node.getAnchor() != null) {
                    return Optional.of(at(e.getStartMark()) + "anchor &" + shown(node.getAnchor())
                            + " is not supported; write the values out");
                }
                final String tag = e instanceof ScalarEvent s ? s.getTag()
                        : e instanceof CollectionStartEvent c ? c.getTag() : null;
                if (tag != null && !ALLOWED_TAGS.contains(tag)) {
                    return Optional.of(at(e.getStartMark()) + "the YAML tag '" + shown(written(tag))
                            + "' is not supported; a scenario holds plain values (allowed tags: !!str, !!int,"
                            + " !!float, !!bool, !!null, !!map, !!seq)");
                }
                if (e.is(Event.ID.MappingStart) || e.is(Event.ID.SequenceStart)) {
                    if (++depth > MAX_DEPTH) {
                        return Optional.of(at(e.getStartMark()) + "nested deeper than " + MAX_DEPTH
                                + " mappings and lists; a scenario needs at most 5");
                    }
                } else if (e.is(Event.ID.MappingEnd) || e.is(Event.ID.SequenceEnd)) {
                    depth--;
                }
            }
        } catch (MarkedYAMLException m) {
            return Optional.of(ScenarioLoader.syntaxMessage(m));
        } catch (YAMLException y) {
            return Optional.of("not valid YAML: " + y.getMessage());
        }
        return Optional.empty();
    }

    private static String at(Mark mark) {
        return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    /** The tag as the file wrote it: {@code !!java.lang.Object} rather than its expanded URI. */
    private static String written(String tag) {
        return tag.startsWith(CORE) ? "!!" + tag.substring(CORE.length()) : tag;
    }

    /** A name from the file, cut short when it is long: messages stay one readable line. */
    static String shown(String s) {
        return s.length() <= 80 ? s : s.substring(0, 60) + "... (" + s.length() + " characters)";
    }
}
