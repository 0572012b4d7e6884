package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses one manifest document the way flatpak-builder picks the format: a name ending in {@code .yaml} or
 * {@code .yml} is YAML, anything else JSON. JSON may carry block comments, which flatpak-builder's json-glib
 * accepts; Jackson's one switch for comments also admits line comments, which json-glib 1.6 refuses, so
 * those are looked for separately.
 * Every limit is enforced while parsing.
 */
final class DocumentParser {
    private final ManifestLimits limits;
    private final ObjectMapper json;

    DocumentParser(ManifestLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxDocumentLength(limits.maxFileBytes())
                        .build())
                .build();
        this.json = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    static boolean isYaml(String fileName) {
        return fileName.endsWith(".yaml") || fileName.endsWith(".yml");
    }

    /**
     * The document's tree, never null; what flatpak-builder would warn about is added to {@code warnings}, and
     * what the document holds (aliases expanded) is charged to {@code budget}.
     */
    JsonNode parse(String fileName, String text, List<String> warnings, ExpansionBudget budget)
            throws BadDocumentException {
        JsonNode tree = isYaml(fileName) ? parseYaml(text, warnings, budget) : parseJson(text);
        if (!isYaml(fileName)) {
            budget.chargeTree(tree);
        }
        return tree;
    }

    private JsonNode parseJson(String text) throws BadDocumentException {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (StreamConstraintsException e) {
            throw BadDocumentException.limit(e.getOriginalMessage().contains("nesting depth")
                    ? "nesting deeper than " + limits.maxNestingDepth() + " levels" + at(e.getLocation())
                    : "too large: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadDocumentException("not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new BadDocumentException("the file is empty");
        }
        refuseLineComments(text);
        return tree;
    }

    /**
     * json-glib skips block comments but refuses {@code //} comments, which Jackson's comment switch admits
     * too; the gaps between tokens are the only places a comment can be, so only they are searched.
     */
    private void refuseLineComments(String text) throws BadDocumentException {
        try (JsonParser p = json.createParser(text)) {
            int gapStart = 0;
            while (p.nextToken() != null) {
                lineCommentIn(text, gapStart, (int) p.currentTokenLocation().getCharOffset());
                p.finishToken();
                gapStart = (int) p.currentLocation().getCharOffset();
            }
            lineCommentIn(text, gapStart, text.length());
        } catch (IOException e) {
            throw new BadDocumentException("not valid JSON: " + e.getMessage());
        }
    }

    private static void lineCommentIn(String text, int from, int to) throws BadDocumentException {
        int i = Math.max(0, from);
        while (i < to - 1) {
            if (text.startsWith("/*", i)) {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? to : close + 2;
            } else if (text.startsWith("//", i)) {
                int line = 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
                int column = i - text.lastIndexOf('\n', i - 1);
                throw new BadDocumentException("not valid JSON: a // comment, which flatpak-builder does not accept;"
                        + " use /* */ (line " + line + ", column " + column + ")");
            } else {
                i++;
            }
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0
                ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private JsonNode parseYaml(String text, List<String> warnings, ExpansionBudget budget) throws BadDocumentException {
        LoaderOptions options = new LoaderOptions();
        // libyaml, which flatpak-builder uses, does not count aliases, and generated source lists use hundreds:
        // what they expand to is bounded instead (ExpansionBudget), while the graph is turned into a tree.
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(limits.maxFileBytes());
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(false);
        Node root;
        try {
            Composer composer = new Composer(
                    new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
            root = composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            String what = e.getContext() == null ? e.getProblem() : e.getContext() + ", " + e.getProblem();
            throw new BadDocumentException("not valid YAML: " + what + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw yamlLimit(e.getMessage());
        } catch (StackOverflowError e) {
            throw BadDocumentException.limit("nesting too deep");
        }
        if (root == null) {
            throw new BadDocumentException("the file is empty");
        }
        return YamlTrees.toJson(root, limits.maxNestingDepth(), budget, warnings);
    }

    private BadDocumentException yamlLimit(String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("Nesting Depth")) {
            return BadDocumentException.limit("nesting deeper than " + limits.maxNestingDepth() + " levels");
        }
        if (m.contains("code point")) {
            return BadDocumentException.limit("too large");
        }
        return new BadDocumentException("not valid YAML: " + m);
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }
}
