package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * What the documents of one manifest may hold once YAML aliases are expanded: values and characters of text,
 * summed over every document read. This, not a count of aliases, is what stops an alias bomb: a thousand
 * aliases to small lists are fine, a few aliases doubling a list 24 times are not.
 */
final class ExpansionBudget {
    private final long maxNodes;
    private final long maxBytes;
    private long nodes;
    private long bytes;

    ExpansionBudget(ManifestLimits limits) {
        this.maxNodes = limits.maxExpandedNodes();
        this.maxBytes = limits.maxExpandedBytes();
    }

    /** One value, and the characters of its key and text. */
    void charge(int textLength) throws BadDocumentException {
        nodes++;
        bytes += textLength;
        if (nodes > maxNodes) {
            throw BadDocumentException.limit("more than " + maxNodes
                    + " values once YAML aliases are expanded (an alias bomb?)");
        }
        if (bytes > maxBytes) {
            throw BadDocumentException.limit("more than " + maxBytes
                    + " bytes of text once YAML aliases are expanded (an alias bomb?)");
        }
    }

    /** Charges a parsed JSON document, which has no aliases: its values and text as they are. */
    void chargeTree(JsonNode tree) throws BadDocumentException {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(tree);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            charge(n.isValueNode() ? n.asText().length() : 0);
            if (n.isObject()) {
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    bytes += e.getKey().length();
                    todo.push(e.getValue());
                }
            } else if (n.isArray()) {
                n.forEach(todo::push);
            }
        }
    }
}
