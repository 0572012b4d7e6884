package io.jenkins.plugins.flatpak.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Names} does with values built to mislead: quoted so they cannot forge or reorder text, refused. */
class NamesHostileTest {
    @Test
    void quoteEscapesEverythingThatCouldForgeOrReorderText() {
        assertEquals("'a\\nb\\r\\tc'", Names.quote("a\nb\r\tc"));
        assertEquals("'red\\x1b[31m'", Names.quote("red\u001b[31m"));
        assertEquals("'csi\\u009b31m'", Names.quote("csi\u009b31m"), "C1 control (CSI)");
        assertEquals("'\\u202eppA.example.org'", Names.quote("\u202eppA.example.org"), "right-to-left override");
        assertEquals("'a\\u200bb\\u2066c\\u2069'", Names.quote("a\u200bb\u2066c\u2069"), "zero-width and isolates");
        assertEquals("'line\\u2028sep'", Names.quote("line\u2028sep"));
        assertEquals("'it\\'s'", Names.quote("it's"));
        assertEquals("'Äpp ünïcode'", Names.quote("Äpp ünïcode"), "ordinary letters stay readable");
        assertEquals("'" + "a".repeat(200) + "…(300 characters)'", Names.quote("a".repeat(300)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-rf", "--gpg-sign=x", "-", ".hidden", "stable/x", "stable\n"})
    void branchesThatCouldBeReadAsOptionsOrPathsAreRefused(String branch) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Names.branch(branch));
        assertEquals(true, e.getMessage().startsWith("invalid branch " + Names.quote(branch)), e.getMessage());
    }

    @Test
    void branchesAndArchesAreFileNamesOfBoundedLength() {
        assertEquals("b".repeat(255), Names.branch("b".repeat(255)));
        assertThrows(InvalidInputException.class, () -> Names.branch("b".repeat(256)));
        assertEquals("_1.0-beta", Names.branch("_1.0-beta"));
        assertEquals("x".repeat(64), Names.arch("x".repeat(64)));
        assertThrows(InvalidInputException.class, () -> Names.arch("x".repeat(65)));
    }
}
