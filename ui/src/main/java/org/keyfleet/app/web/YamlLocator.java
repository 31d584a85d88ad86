package org.keyfleet.app.web;

import java.io.StringReader;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line of a YAML document that a validation path such as {@code groundTerminals[1].latitudeDeg} names,
 * from SnakeYAML's node tree (which keeps each node's position), so that a problem can be shown next to its field.
 * Where the path goes further than the document (a missing key), the deepest node found is used.
 */
final class YamlLocator {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final Node root;

    YamlLocator(String yaml) {
        Node parsed;
        try {
            parsed = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (RuntimeException e) {
            parsed = null;   // not YAML: the loader's own message names the line
        }
        this.root = parsed;
    }

    /** 0-based line of the value (or key) the path names; empty when the document could not be read. */
    OptionalInt line(String path) {
        if (root == null) {
            return OptionalInt.empty();
        }
        Node node = root;
        int line = root.getStartMark().getLine();
        Matcher m = SEGMENT.matcher(path == null ? "" : path);
        while (m.find()) {
            Node next = null;
            int keyLine = -1;
            if (m.group(1) != null && node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(m.group(1))) {
                        next = t.getValueNode();
                        keyLine = k.getStartMark().getLine();
                        break;
                    }
                }
            } else if (m.group(2) != null && node instanceof SequenceNode seq) {
                int i = Integer.parseInt(m.group(2));
                if (i < seq.getValue().size()) {
                    next = seq.getValue().get(i);
                }
            }
            if (next == null) {
                break;
            }
            node = next;
            // a scalar sits on its key's line; a nested block starts on the line after: name the key's line
            line = keyLine >= 0 ? keyLine : next.getStartMark().getLine();
        }
        return OptionalInt.of(line);
    }
}
