package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the files of one manifest: the manifest itself and everything it includes. Keeps the include
 * chain to detect loops, and counts files and bytes against the limits.
 */
final class ManifestFiles {
    private final SourceTree tree;
    private final ManifestLimits limits;
    private final DocumentParser parser;
    private final ExpansionBudget budget;
    private final Problems problems;
    private final Deque<Path> chain = new ArrayDeque<>();
    private final Set<String> included = new LinkedHashSet<>();
    private int files;
    private long bytes;

    ManifestFiles(SourceTree tree, ManifestLimits limits, Problems problems) {
        this.tree = tree;
        this.limits = limits;
        this.problems = problems;
        this.parser = new DocumentParser(limits);
        this.budget = new ExpansionBudget(limits);
    }

    /** A document read: its file name relative to the tree, resolved path, real path and tree. */
    record Document(String name, Path path, Path real, JsonNode tree) {
        Where top() {
            return new Where(name, path.getParent(), "");
        }
    }

    SourceTree tree() {
        return tree;
    }

    /** Files included by the manifest (not the manifest itself), in the order first read. */
    List<String> included() {
        return new ArrayList<>(included);
    }

    /**
     * Opens the document at a resolved path as the next link of the include chain; the caller must
     * {@link #close} it after walking it.
     */
    Document open(SourceTree.Resolved file, boolean isInclude) throws BadDocumentException {
        if (!file.exists()) {
            throw new BadDocumentException("file not found");
        }
        Path real = file.real();
        if (chain.contains(real)) {
            StringBuilder loop = new StringBuilder();
            for (Path p : chain) {
                loop.append(tree.display(p)).append(" -> ");
            }
            throw BadDocumentException.limit("include loop: " + loop + tree.display(real));
        }
        if (isInclude && chain.size() > limits.maxIncludeDepth()) {
            throw BadDocumentException.limit("includes nested more than " + limits.maxIncludeDepth() + " deep");
        }
        if (++files > limits.maxFiles()) {
            throw BadDocumentException.limit("the manifest reads more than " + limits.maxFiles() + " files");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadDocumentException("not a regular file");
        }
        byte[] content = read(real);
        bytes += content.length;
        if (bytes > limits.maxTotalBytes()) {
            throw BadDocumentException.limit("the manifest's files together exceed " + limits.maxTotalBytes() + " bytes");
        }
        String text = utf8(content);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String name = tree.display(file.path());
        List<String> warnings = new ArrayList<>();
        JsonNode node = parser.parse(file.path().getFileName().toString(), text, warnings, budget);
        for (String warning : warnings) {
            problems.warning(name, "", warning);
        }
        chain.addLast(real);
        if (isInclude) {
            included.add(name);
        }
        return new Document(name, file.path(), real, node);
    }

    /**
     * Opens the file named at {@code at} (relative to {@code at}'s directory); null, with the problem reported,
     * when it cannot be. A module file flatpak-builder cannot read stops it, so that is an error; a sources file
     * it cannot read it warns about and drops the module's whole sources list, so that is a warning. A path
     * leaving the source tree and a file over a hostile-input bound are errors either way.
     */
    Document include(Where at, String value, boolean sourcesFile) {
        try {
            return open(tree.resolve(at.dir(), value), true);
        } catch (SourceTree.PathRefusedException e) {
            problems.error(at, at.path(), "include " + Names.quote(value) + ": " + e.getMessage());
        } catch (BadDocumentException e) {
            if (sourcesFile && !e.limit()) {
                problems.warning(at, at.path(), "include " + Names.quote(value) + ": " + e.getMessage()
                        + ": flatpak-builder warns and ignores the module's whole sources list");
            } else {
                problems.error(at, at.path(), "include " + Names.quote(value) + ": " + e.getMessage());
            }
        }
        return null;
    }

    void close(Document document) {
        chain.removeLastOccurrence(document.real());
    }

    private byte[] read(Path real) throws BadDocumentException {
        try {
            if (Files.size(real) > limits.maxFileBytes()) {
                throw BadDocumentException.limit("larger than " + limits.maxFileBytes() + " bytes");
            }
            try (InputStream in = Files.newInputStream(real)) {
                // the size may have changed since it was checked
                byte[] content = in.readNBytes(limits.maxFileBytes() + 1);
                if (content.length > limits.maxFileBytes()) {
                    throw BadDocumentException.limit("larger than " + limits.maxFileBytes() + " bytes");
                }
                return content;
            }
        } catch (IOException e) {
            throw new BadDocumentException("cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static String utf8(byte[] content) throws BadDocumentException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new BadDocumentException("not UTF-8 text");
        }
    }
}
