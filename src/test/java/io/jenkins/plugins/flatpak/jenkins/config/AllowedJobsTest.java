package io.jenkins.plugins.flatpak.jenkins.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A repository's Allowed jobs: job full names, folders and patterns, one per line; empty allows any job. */
class AllowedJobsTest {
    @Test
    void emptyAllowsAnyJob() {
        assertSame(AllowedJobs.ANY, AllowedJobs.parse(null));
        assertSame(AllowedJobs.ANY, AllowedJobs.parse(" \n\n  \r\n"));
        assertFalse(AllowedJobs.ANY.isRestricted());
        assertTrue(AllowedJobs.ANY.allows("any/job"));
        assertEquals("any job", AllowedJobs.ANY.describe());
    }

    @Test
    void aFullNameAllowsThatJobOnly() {
        AllowedJobs a = AllowedJobs.parse("team/app");
        assertTrue(a.allows("team/app"));
        assertFalse(a.allows("team/app2"));
        assertFalse(a.allows("team/app/main"));
        assertFalse(a.allows("other/team/app"));
        assertFalse(a.allows("team"));
        assertFalse(a.allows(null), "a build of no job is never allowed by a restricted repository");
    }

    @Test
    void aFolderAllowsEveryJobInsideItAtAnyDepth() {
        AllowedJobs a = AllowedJobs.parse("team/");
        assertTrue(a.allows("team/app"));
        assertTrue(a.allows("team/app/main"), "a branch of a multibranch project in the folder");
        assertFalse(a.allows("team"), "the folder itself runs no builds");
        assertFalse(a.allows("teammates/app"), "a folder is a whole name, not a prefix of one");
        assertFalse(a.allows("other/team/app"));
    }

    @Test
    void starsMatchWithinANameAndDoubleStarsAcrossFolders() {
        AllowedJobs a = AllowedJobs.parse("team/*-release\napps/**/main");
        assertTrue(a.allows("team/app-release"));
        assertFalse(a.allows("team/sub/app-release"), "* never crosses a folder");
        assertFalse(a.allows("team/app-release-2"));
        assertTrue(a.allows("apps/x/main"));
        assertTrue(a.allows("apps/x/y/main"));
        assertFalse(a.allows("apps/x/dev"));
        assertTrue(AllowedJobs.parse("**").allows("any/depth/job"));
        assertTrue(AllowedJobs.parse("*").allows("toplevel"));
        assertFalse(AllowedJobs.parse("*").allows("in/folder"));
    }

    @Test
    void otherCharactersAreLiteral() {
        AllowedJobs a = AllowedJobs.parse("team/app (old).v2+[x]");
        assertTrue(a.allows("team/app (old).v2+[x]"));
        assertFalse(a.allows("team/app (old)xv2+[x]"), "'.' is a dot, not any character");
    }

    @Test
    void entriesAreOnePerLineTrimmedWithoutBlankLines() {
        assertEquals("team/\nops/release", AllowedJobs.normalize("  team/ \r\n\n ops/release\n"));
        assertNull(AllowedJobs.normalize("\n \n"));
        assertEquals(List.of("team/", "ops/release"), AllowedJobs.parse("team/\r\nops/release").entries());
        assertEquals("'team/', 'ops/release'", AllowedJobs.parse("team/\nops/release").describe());
        assertEquals(AllowedJobs.parse("a\nb"), AllowedJobs.parse(" a \n\nb"));
    }

    @Test
    void entriesThatAreNoJobNamesAreRefusedNamingThem() {
        for (String bad : List.of("/team/app", "team//app", "team/../x", "./x", "team/***", "a\u0000b",
                "a\u202eb", "x".repeat(AllowedJobs.MAX_ENTRY_LENGTH + 1))) {
            String problem = AllowedJobs.problem("ok/\n" + bad);
            assertTrue(problem != null && problem.startsWith("invalid allowed job '"), bad + ": " + problem);
            assertThrows(InvalidInputException.class, () -> AllowedJobs.parse(bad));
        }
        assertTrue(AllowedJobs.problem("a\n".repeat(AllowedJobs.MAX_ENTRIES + 1)).contains("too many"));
        assertNull(AllowedJobs.problem("team/\nteam/*-release\napps/**\nname with spaces"));
    }

    @Test
    void matchingHasNoBacktrackingBlowUp() {
        AllowedJobs a = AllowedJobs.parse("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n**a**a**a**a**a**a**a**a**a**a**b");
        String job = "a".repeat(500);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(a.allows(job)));
    }
}
