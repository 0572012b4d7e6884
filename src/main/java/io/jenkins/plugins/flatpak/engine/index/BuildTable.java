package io.jenkins.plugins.flatpak.engine.index;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The in-memory side of a {@link RecordIndex}: per build ("slot") only what filtering, ordering and finding its
 * line need, in parallel primitive arrays. Strings that repeat (app id, repository, status, job) are int codes;
 * build ids are ASCII bytes in one pool with an open-addressing hash table over them; a build's other facts
 * stay in its line of the file ({@link #offset}, {@link #length}). Slots are never removed; the last line of a
 * build wins. Not thread-safe: {@link RecordIndex} serializes access.
 */
final class BuildTable {
    static final String PUBLISHED = "published";
    static final int MAX_ID = 128;

    private final StringCodes statuses = new StringCodes();
    private final StringCodes apps = new StringCodes();
    private final StringCodes repos = new StringCodes();
    private final StringCodes runGroups = new StringCodes();
    private final int publishedStatus = statuses.intern(PUBLISHED);

    private int n;
    private long[] created = new long[0];
    private long[] offset = new long[0];
    private int[] length = new int[0];
    private int[] status = new int[0];
    private int[] app = new int[0];
    private int[] repo = new int[0];
    private int[] runGroup = new int[0];
    private int[] runNumber = new int[0];

    private byte[] idBytes = new byte[0];
    private int[] idStart = new int[1]; // slot s's id is idBytes[idStart[s], idStart[s + 1])
    /** Open addressing over the ids: each entry the id's hash (high half) and its slot + 1 (low half); 0 is free. */
    private long[] hash = new long[16];
    /** Slots oldest first: by creation time, then build id. */
    private int[] order = new int[0];

    /** For each repository code, each ref's latest publish. */
    private final Map<Integer, Map<String, Holder>> latest = new HashMap<>();
    /** Slots that are, or were, some ref's latest publish. */
    private final BitSet holding = new BitSet();
    private boolean latestStale;

    /** The build whose line has a ref's latest publish (the checksum is read from that line when shown). */
    static final class Holder {
        int slot;
        long publishedAt;

        Holder(int slot, long publishedAt) {
            this.slot = slot;
            this.publishedAt = publishedAt;
        }
    }

    /** The matching slots of one scan and how many builds matched in all (or until the scan stopped). */
    record Match(int[] slots, int total) {}

    int size() {
        return n;
    }

    StringCodes statuses() {
        return statuses;
    }

    StringCodes apps() {
        return apps;
    }

    StringCodes repos() {
        return repos;
    }

    StringCodes runGroups() {
        return runGroups;
    }

    /** Whether the table can hold this build id: printable ASCII, 1 to {@value #MAX_ID} characters. */
    static boolean acceptableId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** The number of a run id {@code group#number}: 1 to 9 digits without a leading zero; else -1. */
    static int runNumber(char[] chars, int from, int digits) {
        if (digits < 1 || digits > 9 || (digits > 1 && chars[from] == '0')) {
            return -1;
        }
        int number = 0;
        for (int i = from; i < from + digits; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    /**
     * Takes a line's facts as the latest state of its build, the line being {@code lineLength} bytes at
     * {@code at}. A line without a run id keeps the build's run. Returns the slot.
     */
    int put(IndexLoader.Facts f, long at, int lineLength) {
        int s = find(f.id, f.idLength);
        boolean isNew = s < 0;
        if (isNew) {
            s = newSlot(f.id, f.idLength);
        } else if (holding.get(s)) {
            checkHeldRefs(s, f);
        }
        offset[s] = at;
        length[s] = lineLength;
        status[s] = f.status;
        app[s] = f.app;
        repo[s] = f.repo;
        if (f.hasRun) {
            runGroup[s] = f.runGroup;
            runNumber[s] = f.runNumber;
        }
        if (isNew) {
            created[s] = f.createdAt;
            insertInOrder(s);
        } else if (created[s] != f.createdAt) {
            removeFromOrder(s);
            created[s] = f.createdAt;
            insertInOrder(s);
        }
        notePublished(s, f.status, f.repo, f.refs, f.publishedAt);
        return s;
    }

    int find(String id) {
        if (!acceptableId(id)) {
            return -1;
        }
        char[] chars = id.toCharArray();
        return find(chars, chars.length);
    }

    private int find(char[] id, int len) {
        int h = hashOf(id, len);
        int mask = hash.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            long v = hash[i];
            if (v == 0) {
                return -1;
            }
            if ((int) (v >>> 32) == h && idEquals((int) v - 1, id, len)) {
                return (int) v - 1;
            }
        }
    }

    String id(int s) {
        return new String(idBytes, idStart[s], idStart[s + 1] - idStart[s], StandardCharsets.ISO_8859_1);
    }

    /** {@code group#number}, the group alone when the run id had no number, or null. */
    String runId(int s) {
        String group = runGroups.value(runGroup[s]);
        return group == null || runNumber[s] < 0 ? group : group + "#" + runNumber[s];
    }

    long offset(int s) {
        return offset[s];
    }

    int length(int s) {
        return length[s];
    }

    void moveLine(int s, long at) {
        offset[s] = at;
    }

    boolean isPublished(int s) {
        return status[s] == publishedStatus;
    }

    /** Every slot, in the order of their lines in the file. */
    int[] slotsByLine() {
        Integer[] slots = new Integer[n];
        for (int i = 0; i < n; i++) {
            slots[i] = i;
        }
        Arrays.sort(slots, (a, b) -> Long.compare(offset[a], offset[b]));
        return Arrays.stream(slots).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The slots that match, newest first: skips {@code skip} matches, keeps up to {@code limit}; counts every
     * match when {@code countAll}, else stops after the last kept one.
     */
    Match scan(IndexFilter filter, int skip, int limit, boolean countAll) {
        int end = (int) Math.min(Integer.MAX_VALUE, (long) skip + limit);
        int wantStatus = statuses.find(filter.status());
        int wantRepo = repos.find(filter.repo());
        if (wantStatus == StringCodes.UNKNOWN || wantRepo == StringCodes.UNKNOWN) {
            return new Match(new int[0], 0); // a value no build has
        }
        int statusMask = filter.status() == null ? 0 : -1;
        int repoMask = filter.repo() == null ? 0 : -1;
        int[] appBad = null; // by app code + 1: 0 when the app id matches
        if (filter.appIdPart() != null) {
            String[] lower = apps.lowerCase();
            appBad = new int[lower.length + 1];
            appBad[0] = 1;
            for (int c = 0; c < lower.length; c++) {
                appBad[c + 1] = lower[c].contains(filter.appIdPart()) ? 0 : 1;
            }
        }
        Predicate<String> visible = filter.visibleRuns();
        int[] groupBad = null; // by group code + 1: -1 not asked yet, 0 visible, 1 hidden
        if (visible != null) {
            groupBad = new int[runGroups.size() + 1];
            Arrays.fill(groupBad, -1);
        }
        int[] kept = new int[Math.max(0, Math.min(limit, n)) + 1];
        int keptCount = 0;
        int matched = 0;
        // Without branches on the data: filters of any selectivity cost the same, no mispredicted jumps.
        for (int i = n - 1; i >= 0; i--) {
            int s = order[i];
            int bad = ((status[s] ^ wantStatus) & statusMask) | ((repo[s] ^ wantRepo) & repoMask);
            if (appBad != null) {
                bad |= appBad[app[s] + 1];
            }
            if (groupBad != null) {
                int g = runGroup[s] + 1;
                int hidden = groupBad[g];
                if (hidden < 0) {
                    hidden = visible.test(runId(s)) ? 0 : 1;
                    groupBad[g] = hidden;
                }
                bad |= hidden;
            }
            int ok = ((bad | -bad) >>> 31) ^ 1;
            int inPage = ((skip - 1 - matched) >>> 31) & ((matched - end) >>> 31);
            kept[keptCount] = s;
            keptCount += ok & inPage;
            matched += ok;
            if (!countAll && matched >= end) {
                break;
            }
        }
        return new Match(Arrays.copyOf(kept, keptCount), matched);
    }

    /** Whether the latest publishes may be wrong and must be rebuilt from the lines ({@link #resetLatest}). */
    boolean latestStale() {
        return latestStale;
    }

    void resetLatest() {
        latest.clear();
        holding.clear();
        latestStale = false;
    }

    void markLatestStale() {
        latestStale = true;
    }

    /** Each ref of the repository with its latest publish, sorted by ref. */
    List<Map.Entry<String, Holder>> latest(String repository) {
        int code = repos.find(repository);
        Map<String, Holder> refs = code < 0 ? null : latest.get(code);
        if (refs == null) {
            return List.of();
        }
        List<Map.Entry<String, Holder>> sorted = new ArrayList<>(refs.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        return sorted;
    }

    /** Counts a build's line towards the latest publish of each of its refs (from the full line). */
    void notePublished(int s, IndexedBuild b) {
        notePublished(s, statuses.intern(b.status()), repos.intern(b.repo()), new ArrayList<>(b.published().keySet()),
                b.publishedAt());
    }

    /** A published build's refs count towards the latest publish of each; a later line wins a tie. */
    private void notePublished(int s, int statusCode, int repoCode, List<String> refs, long publishedAt) {
        if (statusCode != publishedStatus || repoCode < 0 || refs.isEmpty()) {
            return;
        }
        Map<String, Holder> holders = latest.computeIfAbsent(repoCode, k -> new HashMap<>());
        for (String ref : refs) {
            Holder h = holders.get(ref);
            if (h == null) {
                holders.put(ref, new Holder(s, publishedAt));
            } else if (publishedAt >= h.publishedAt) {
                h.slot = s;
                h.publishedAt = publishedAt;
            }
        }
        holding.set(s);
    }

    /**
     * A build that is some ref's latest publish got a new line. Published is final, so the new line says the
     * same; if it does not, the latest publishes are rebuilt from the file before they are next read.
     */
    private void checkHeldRefs(int s, IndexLoader.Facts f) {
        for (Map.Entry<Integer, Map<String, Holder>> repoRefs : latest.entrySet()) {
            for (Map.Entry<String, Holder> ref : repoRefs.getValue().entrySet()) {
                Holder h = ref.getValue();
                if (h.slot == s && !(f.status == publishedStatus && repoRefs.getKey() == f.repo
                        && f.refs.contains(ref.getKey()) && h.publishedAt == f.publishedAt)) {
                    latestStale = true;
                    return;
                }
            }
        }
    }

    /** About the heap this table holds, from the sizes of its arrays and strings. */
    long heapBytes() {
        long arrays = 16L * 12 + 8L * (created.length + offset.length)
                + 4L * (length.length + status.length + app.length + repo.length + runGroup.length
                        + runNumber.length + idStart.length + 2L * hash.length + order.length)
                + idBytes.length;
        long refs = 0;
        for (Map<String, Holder> m : latest.values()) {
            for (String ref : m.keySet()) {
                refs += 32 + 24 + 40 + ref.length();
            }
        }
        return arrays + statuses.heapBytes() + apps.heapBytes() + repos.heapBytes() + runGroups.heapBytes() + refs
                + holding.size() / 8;
    }

    /** Makes room for about this many builds at once (when a file of known size is read), not one growth at a time. */
    void reserve(int builds) {
        if (builds > created.length) {
            grow(builds);
            idBytes = Arrays.copyOf(idBytes, Math.max(idBytes.length, builds * 24));
            int capacity = Integer.highestOneBit(Math.max(16, builds * 2 - 1)) << 1;
            if (capacity > hash.length) {
                rehash(capacity);
            }
        }
    }

    private void grow(int cap) {
        created = Arrays.copyOf(created, cap);
        offset = Arrays.copyOf(offset, cap);
        length = Arrays.copyOf(length, cap);
        status = Arrays.copyOf(status, cap);
        app = Arrays.copyOf(app, cap);
        repo = Arrays.copyOf(repo, cap);
        runGroup = Arrays.copyOf(runGroup, cap);
        runNumber = Arrays.copyOf(runNumber, cap);
        idStart = Arrays.copyOf(idStart, cap + 1);
        order = Arrays.copyOf(order, cap);
    }

    private int newSlot(char[] id, int len) {
        if (n == created.length) {
            grow(Math.max(1024, n + (n >> 1)));
        }
        int s = n++;
        int start = idStart[s];
        if (start + len > idBytes.length) {
            idBytes = Arrays.copyOf(idBytes, Math.max(start + len, Math.max(24 * 1024, idBytes.length + (idBytes.length >> 1))));
        }
        for (int i = 0; i < len; i++) {
            idBytes[start + i] = (byte) id[i];
        }
        idStart[s + 1] = start + len;
        runGroup[s] = StringCodes.NONE;
        runNumber[s] = -1;
        if (2 * n > hash.length) {
            rehash(hash.length * 2);
        }
        insertHash(s, hashOf(id, len));
        return s;
    }

    private void rehash(int capacity) {
        long[] old = hash;
        hash = new long[capacity];
        for (long v : old) {
            if (v != 0) {
                place(v);
            }
        }
    }

    private void insertHash(int s, int h) {
        place(((long) h << 32) | (s + 1));
    }

    private void place(long entry) {
        int mask = hash.length - 1;
        int i = mix((int) (entry >>> 32)) & mask;
        while (hash[i] != 0) {
            i = (i + 1) & mask;
        }
        hash[i] = entry;
    }

    /** String.hashCode of the id. */
    private static int hashOf(char[] id, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + id[i];
        }
        return h;
    }

    /** Spreads similar hashes (ids differ in their last characters) over the table: Fibonacci hashing. */
    private static int mix(int h) {
        int m = h * 0x9E3779B9;
        return m ^ (m >>> 16);
    }

    private boolean idEquals(int s, char[] id, int len) {
        int start = idStart[s];
        if (idStart[s + 1] - start != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (idBytes[start + i] != id[i]) {
                return false;
            }
        }
        return true;
    }

    /** Oldest first: creation time, then build id. */
    private int compare(int a, int b) {
        int c = Long.compare(created[a], created[b]);
        if (c != 0) {
            return c;
        }
        return Arrays.compare(idBytes, idStart[a], idStart[a + 1], idBytes, idStart[b], idStart[b + 1]);
    }

    /** Inserts the slot among the others; the newest so far (the usual case) in constant time. */
    private void insertInOrder(int s) {
        int size = n - 1; // the slot is counted in n but not yet in order
        if (size == 0 || compare(order[size - 1], s) <= 0) {
            order[size] = s;
            return;
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(order[mid], s) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        System.arraycopy(order, lo, order, lo + 1, size - lo);
        order[lo] = s;
    }

    /** Takes the slot out of the order before its creation time changes; {@link #insertInOrder} puts it back. */
    private void removeFromOrder(int s) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(order[mid], s);
            if (c == 0) {
                System.arraycopy(order, mid + 1, order, mid, n - mid - 1);
                return;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new IllegalStateException("slot " + s + " missing from the order");
    }
}
