package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * How much of a flatpak-builder state dir is kept between builds; applied at the end of every build that used it
 * (see {@link StateRetention}). Either limit may be null (no limit).
 *
 * @param maxBytes the most the state dir may hold after a build; when over, the builder evicts build dirs, ccache,
 *                 downloads and git mirrors (least recently used first), then the cache of other manifests, then
 *                 the build cache itself
 * @param maxAge   build dirs, downloads, git mirrors, ccache files and caches of other manifests not used for
 *                 this long are removed
 */
public record CacheRetention(Long maxBytes, Duration maxAge) implements Serializable {
    /** Keeps everything (flatpak-builder's own behaviour). */
    public static final CacheRetention UNLIMITED = new CacheRetention(null, null);
    /** What a builder applies unless told otherwise: drop what no build used for 30 days, no size limit. */
    public static final CacheRetention DEFAULT = new CacheRetention(null, Duration.ofDays(30));

    public CacheRetention {
        if (maxBytes != null && maxBytes < 0) {
            throw new InvalidInputException("invalid cache size limit " + maxBytes + ": it must not be negative");
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new InvalidInputException("invalid cache age limit " + maxAge + ": it must be positive");
        }
    }

    public static CacheRetention maxBytes(long bytes) {
        return new CacheRetention(bytes, null);
    }

    public static CacheRetention maxAge(Duration age) {
        return new CacheRetention(null, age);
    }

    public CacheRetention withMaxBytes(Long bytes) {
        return new CacheRetention(bytes, maxAge);
    }

    public CacheRetention withMaxAge(Duration age) {
        return new CacheRetention(maxBytes, age);
    }

    /** A size such as {@code 512M}, {@code 20G} or {@code 1048576} (K, M, G, T are powers of 1024). */
    public static long parseSize(String size) {
        String s = size == null ? "" : size.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.isEmpty()) {
            int k = "KMGT".indexOf(s.charAt(s.length() - 1));
            if (k >= 0) {
                unit = 1L << (10 * (k + 1));
                s = s.substring(0, s.length() - 1);
            }
        }
        if (!s.matches("[0-9]{1,15}")) {
            throw new InvalidInputException("invalid size " + Names.quote(size)
                    + ": give a number of bytes, optionally followed by K, M, G or T");
        }
        return Long.parseLong(s) * unit;
    }
}
