package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.AnchorNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns a composed YAML node graph into the JSON tree flatpak-builder would see. flatpak-builder
 * (builder-utils.c, parse_yaml_node_to_json) does not use YAML's type rules: only a plain (unquoted)
 * {@code true}, {@code false} or {@code null} and a plain decimal integer are typed; everything else,
 * {@code 22.10}, {@code yes}, {@code ~} or an empty value included, is a string. Aliases are expanded
 * (libyaml resolves them; the merge key {@code <<} means nothing to it and stays a key), which is why the
 * expansion is charged to an {@link ExpansionBudget} here.
 */
final class YamlTrees {
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL_FRACTION = Pattern.compile("[+-]?[0-9]+\\.[0-9]*|\\.[0-9]+");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final int maxDepth;
    private final ExpansionBudget budget;
    private final List<String> warnings;

    private YamlTrees(int maxDepth, ExpansionBudget budget, List<String> warnings) {
        this.maxDepth = maxDepth;
        this.budget = budget;
        this.warnings = warnings;
    }

    /**
     * The JSON tree of {@code root}, every value charged to {@code budget} as it is expanded; what flatpak-builder
     * warns about is added to {@code warnings}.
     */
    static JsonNode toJson(Node root, int maxDepth, ExpansionBudget budget, List<String> warnings)
            throws BadDocumentException {
        return new YamlTrees(maxDepth, budget, warnings).convert(root, 1);
    }

    private JsonNode convert(Node node, int depth) throws BadDocumentException {
        if (node instanceof AnchorNode anchor) {
            return convert(anchor.getRealNode(), depth);
        }
        if (node instanceof ScalarNode scalar) {
            budget.charge(scalar.getValue().length());
            return scalar(scalar);
        }
        budget.charge(0);
        if (depth > maxDepth) {
            throw BadDocumentException.limit("nesting deeper than " + maxDepth + " levels (line "
                    + (node.getStartMark().getLine() + 1) + ")");
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = nodes.arrayNode();
            for (Node child : sequence.getValue()) {
                array.add(convert(child, depth + 1));
            }
            return array;
        }
        MappingNode mapping = (MappingNode) node;
        ObjectNode object = nodes.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (key instanceof AnchorNode anchor) {
                key = anchor.getRealNode();
            }
            if (!(key instanceof ScalarNode scalarKey)) {
                throw new BadDocumentException("line " + (key.getStartMark().getLine() + 1)
                        + ": a key must be a plain value, not a list or mapping");
            }
            budget.charge(scalarKey.getValue().length());
            object.set(scalarKey.getValue(), convert(tuple.getValueNode(), depth + 1));
        }
        return object;
    }

    private JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return nodes.textNode(value);
        }
        switch (value) {
            case "true":
                return nodes.booleanNode(true);
            case "false":
                return nodes.booleanNode(false);
            case "null":
                return nodes.nullNode();
            default:
                break;
        }
        if (DECIMAL_INTEGER.matcher(value).matches()) {
            // g_ascii_strtoll saturates on overflow
            BigInteger big = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
            return nodes.numberNode(big.max(LONG_MIN).min(LONG_MAX).longValue());
        }
        if (DECIMAL_FRACTION.matcher(value).matches() && warnings.size() < 20) {
            warnings.add("line " + (scalar.getStartMark().getLine() + 1) + ", column "
                    + (scalar.getStartMark().getColumn() + 1) + ": " + Names.quote(value)
                    + " is text to flatpak-builder but a number to most YAML parsers; quote it");
        }
        return nodes.textNode(value);
    }
}
