package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.regex.Pattern;

/** Which git URLs a build may clone: https, http, ssh, git and file URLs, and scp-like ssh addresses. */
public final class GitUrls {
    private static final Pattern URL = Pattern.compile("(https?|ssh|git|file)://[^\\s]+");
    private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s:][^\\s]*");

    private GitUrls() {}

    public static String validate(String url) {
        if (url == null || url.isEmpty()) {
            throw new InvalidInputException("invalid git URL " + Names.quote(url) + ": it is empty");
        }
        if (url.startsWith("-")) {
            throw new InvalidInputException("invalid git URL " + Names.quote(url) + ": it would be read as an option");
        }
        if (url.contains("://-") || url.contains("@-")) {
            throw new InvalidInputException("invalid git URL " + Names.quote(url)
                    + ": a host or user starting with '-' would be read as an option by ssh");
        }
        if (url.contains("::")) {
            throw new InvalidInputException("invalid git URL " + Names.quote(url)
                    + ": remote helpers such as ext:: and fd:: are not allowed");
        }
        for (char c : url.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidInputException("invalid git URL " + Names.quote(url) + ": it contains control characters");
            }
        }
        if (!URL.matcher(url).matches() && !SCP_LIKE.matcher(url).matches()) {
            throw new InvalidInputException("invalid git URL " + Names.quote(url)
                    + ": use an https://, ssh://, git:// or file:// URL, or user@host:path");
        }
        return url;
    }

    /** A branch or tag name to clone: git's ref rules, and never something that looks like an option. */
    public static String validateBranch(String branch) {
        if (branch == null || branch.isEmpty() || branch.startsWith("-") || branch.startsWith("/")
                || branch.endsWith("/") || branch.endsWith(".lock") || branch.contains("..") || branch.contains("@{")
                || branch.contains("//") || !branch.matches("[A-Za-z0-9._/+-]+")) {
            throw new InvalidInputException("invalid git branch " + Names.quote(branch));
        }
        return branch;
    }
}
