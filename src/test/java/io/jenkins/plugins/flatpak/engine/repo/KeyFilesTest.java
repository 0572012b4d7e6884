package io.jenkins.plugins.flatpak.engine.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GKeyFile escaping as g_key_file_set_string writes and get_string reads it; the real parsers are in the runner tests. */
class KeyFilesTest {
    @Test
    void escapesWhatTheParserWouldReadOtherwiseAndRoundTrips() {
        assertEquals("a\\\\nb", KeyFiles.escape("a\\nb", "title"));
        assertEquals("a\\nb", KeyFiles.escape("a\nb", "title"));
        assertEquals("\\sx y\\s", KeyFiles.escape(" x y ", "title"));
        assertEquals("x;[y]#=z Ünï ✓ 𝄞", KeyFiles.escape("x;[y]#=z Ünï ✓ 𝄞", "title"));
        for (String v : List.of("Stable \\n; [beta] Ünïcødé ✓", " lead", "trail ", "\\", "\\\\s", "tab\there", "a\r\nb",
                "Url=file:///x\\nGPGKey=evil", "𝄞")) {
            assertEquals(v, KeyFiles.unescape(KeyFiles.escape(v, "value")), v);
            assertEquals(Map.of("g", Map.of("k", v)), KeyFiles.parse("[g]\nk=" + KeyFiles.escape(v, "value") + "\n"), v);
        }
    }

    @Test
    void refusesWhatHasNoEscapeNamingTheValue() {
        for (String bad : List.of("a\u0000b", "bell\u0007", "del\u007f", "half\uD800", "\uDC00x")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeyFiles.escape(bad, "repository title"));
            assertTrue(e.getMessage().startsWith("invalid repository title "), e.getMessage());
        }
    }

    @Test
    void aGroupIsReplacedInPlaceAndEveryOtherLineStays() {
        String config = "[core]\nrepo_version=1\nmode=archive-z2\n\n# kept\n[mine]\nold=1\n\n[flatpak]\ntitle=T\n";
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("title", " Ünï; [x] \\n ");
        entries.put("n", "2");
        String out = KeyFiles.withGroup(config, "mine", entries);
        assertEquals("[core]\nrepo_version=1\nmode=archive-z2\n\n# kept\n[mine]\ntitle=\\sÜnï; [x] \\\\n\\s\nn=2\n\n"
                + "[flatpak]\ntitle=T\n", out);
        assertEquals(" Ünï; [x] \\n ", KeyFiles.parse(out).get("mine").get("title"));
        String appended = KeyFiles.withGroup("[core]\nmode=archive-z2\n", "new", Map.of("k", "v"));
        assertEquals("[core]\nmode=archive-z2\n\n[new]\nk=v\n", appended);
        assertEquals("[core]\nmode=archive-z2\n", KeyFiles.withGroup(appended, "new", Map.of()).replace("\n\n", "\n"));
    }
}
