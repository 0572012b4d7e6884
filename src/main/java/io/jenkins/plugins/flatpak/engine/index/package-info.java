/**
 * The build index: every build's list facts in one append-only file of JSON lines, and a compact in-memory
 * table over it that answers paged, filtered, newest-first queries over 100 000 builds in well under a
 * millisecond (see {@link io.jenkins.plugins.flatpak.engine.index.RecordIndex}).
 *
 * <p>File: one line per change of a build, {@code {"buildId":…,"runId":…,"appId":…,"arch":…,"branch":…,
 * "status":…,"repo":…,"createdAt":…,"updatedAt":…,"published":{ref:commit,…},"publishedAt":…,"error":…}}
 * (absent fields are null or 0). The last line of a build wins; a line without {@code runId} keeps the run an
 * earlier line gave. Unreadable lines (cut short by a crash) are skipped. The file is compacted (rewritten
 * with only live lines, then renamed over) when superseded lines outnumber live ones.
 *
 * <p>Memory: per build about 100 bytes (ids as ASCII bytes, repeated strings as int codes, the line's offset
 * and length); a query reads only the lines of the builds it returns.
 */
package io.jenkins.plugins.flatpak.engine.index;
