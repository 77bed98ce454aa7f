package dev.feedbackloop.support.privacy;

import dev.feedbackloop.support.secrets.SecretBox;

import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One AES-256 key per data subject, kept in the event store's database ({@code personal_data_key}) sealed under the
 * platform's secrets key, so the personal fields of a subject's events open only while the key exists. Destroying it
 * (on erasure) leaves every copy of those fields unreadable: in the event store, its backups, dead letters and every
 * read model rebuilt from them.
 * <p>
 * Keys in use are cached for {@code cacheTtl}: an instance that did not carry out an erasure itself may open a
 * destroyed key's fields for at most that long (the erasure event then clears its read models anyway). Missing keys
 * are never cached, so a subject that comes back after an erasure is served its new key at once.
 */
public class PersonalDataKeys {

    static final String TABLE = "personal_data_key";
    static final String ERASURES = "personal_data_erasure";
    private static final int MAX_CACHED = 10_000;
    private static final int PREPARE_CHUNK = 500;

    private final DataSource dataSource;
    private final SecretBox platformKey;
    private final Clock clock;
    private final Duration cacheTtl;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(SecretBox key, Instant loadedAt) {
    }

    public PersonalDataKeys(DataSource dataSource, SecretBox platformKey, Clock clock, Duration cacheTtl) {
        this.dataSource = dataSource;
        this.platformKey = platformKey;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /** The subject's key, if it exists (it does not before the subject's first personal data, nor after erasure). */
    public Optional<SecretBox> find(String subject) {
        Cached cached = cache.get(subject);
        if (cached != null && cached.loadedAt().plus(cacheTtl).isAfter(clock.instant())) {
            return Optional.of(cached.key());
        }
        Optional<SecretBox> key = load(subject);
        key.ifPresentOrElse(k -> remember(subject, k), () -> cache.remove(subject));
        return key;
    }

    /** The subject's key, created on first use. Two instances creating it at once end up with the same key. */
    public SecretBox obtain(String subject) {
        Optional<SecretBox> existing = find(subject);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String sealed = platformKey.seal(Base64.getEncoder().encodeToString(raw), context(subject));
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO " + TABLE + " (subject, sealed_key, created_at) VALUES (?, ?, ?)")) {
            c.setAutoCommit(true);
            insert.setString(1, subject);
            insert.setString(2, sealed);
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            SecretBox key = new SecretBox(raw);
            remember(subject, key);
            return key;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return load(subject).orElseThrow(() -> new IllegalStateException(
                        "the key of a data subject was created and destroyed at the same time; retry"));
            }
            throw new IllegalStateException("Cannot store a personal-data key", e);
        }
    }

    /**
     * Makes sure every one of {@code subjects} has a key, cached for what follows: one query for those not cached and
     * one insert (one commit) for those that have none yet. A writer storing a group of events calls this first, so
     * a group of new users costs one commit instead of one per user on the writer's path. When another instance
     * creates one of the keys at the same moment, the subjects are taken one by one through {@link #obtain}.
     */
    public void prepare(Collection<String> subjects) {
        Instant now = clock.instant();
        Set<String> unknown = new LinkedHashSet<>();
        for (String subject : subjects) {
            Cached cached = subject == null ? null : cache.get(subject);
            if (subject != null && (cached == null || !cached.loadedAt().plus(cacheTtl).isAfter(now))) {
                unknown.add(subject);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(unknown);
        for (int from = 0; from < all.size(); from += PREPARE_CHUNK) {
            prepareChunk(all.subList(from, Math.min(all.size(), from + PREPARE_CHUNK)));
        }
    }

    private void prepareChunk(List<String> subjects) {
        String marks = String.join(", ", Collections.nCopies(subjects.size(), "?"));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Set<String> missing = new LinkedHashSet<>(subjects);
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT subject, sealed_key FROM " + TABLE + " WHERE subject IN (" + marks + ")")) {
                for (int i = 0; i < subjects.size(); i++) {
                    select.setString(i + 1, subjects.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String subject = rows.getString(1);
                        byte[] raw = Base64.getDecoder().decode(platformKey.open(rows.getString(2), context(subject)));
                        remember(subject, new SecretBox(raw));
                        missing.remove(subject);
                    }
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            Map<String, byte[]> created = new LinkedHashMap<>();
            Timestamp createdAt = Timestamp.from(clock.instant());
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (subject, sealed_key, created_at) VALUES "
                            + String.join(", ", Collections.nCopies(missing.size(), "(?, ?, ?)")))) {
                int p = 1;
                for (String subject : missing) {
                    byte[] raw = new byte[32];
                    random.nextBytes(raw);
                    created.put(subject, raw);
                    insert.setString(p++, subject);
                    insert.setString(p++, platformKey.seal(Base64.getEncoder().encodeToString(raw), context(subject)));
                    insert.setTimestamp(p++, createdAt);
                }
                insert.executeUpdate();
            }
            created.forEach((subject, raw) -> remember(subject, new SecretBox(raw)));
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw new IllegalStateException("Cannot store personal-data keys", e);
            }
            subjects.forEach(this::obtain);
        }
    }

    /**
     * Destroys the subject's key, whether there was one, and records that the subject was erased at {@code erasedAt}
     * (see {@link #erasedSince}). Inside a Spring-managed transaction (a command handler's) both join it, so they
     * commit or roll back with the event that records the erasure.
     */
    public boolean destroy(String subject, Instant erasedAt) {
        cache.remove(subject);
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE subject = ?");
             PreparedStatement update = c.prepareStatement(
                     "UPDATE " + ERASURES + " SET erased_at = ? WHERE subject = ?")) {
            delete.setString(1, subject);
            boolean destroyed = delete.executeUpdate() > 0;
            update.setTimestamp(1, Timestamp.from(erasedAt));
            update.setString(2, subject);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO " + ERASURES + " (subject, erased_at) VALUES (?, ?)")) {
                    insert.setString(1, subject);
                    insert.setTimestamp(2, Timestamp.from(erasedAt));
                    insert.executeUpdate();
                }
            }
            return destroyed;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot destroy a personal-data key", e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
            cache.remove(subject);
        }
    }

    /**
     * The subjects erased at or after {@code since}, with when. Data received before an erasure but stored after it
     * (an OTLP export that waited in the spool) belongs to the erased subject and is erased again; data received after
     * it is the user coming back. Usually empty: erasures are rare, and the query reads an index on the time.
     */
    public Map<String, Instant> erasedSince(Instant since) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT subject, erased_at FROM " + ERASURES + " WHERE erased_at >= ?")) {
            select.setTimestamp(1, Timestamp.from(since));
            Map<String, Instant> erased = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    erased.put(rows.getString(1), rows.getTimestamp(2).toInstant());
                }
            }
            return erased;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the erasures of data subjects", e);
        }
    }

    /**
     * Reads on the connection of the transaction this thread runs in, when there is one: an event processor opens the
     * personal fields of its events inside its batch's transaction, and asking the pool for a second connection there
     * would let busy processors wait on each other.
     */
    private Optional<SecretBox> load(String subject) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement select = c.prepareStatement("SELECT sealed_key FROM " + TABLE + " WHERE subject = ?")) {
            select.setString(1, subject);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                byte[] raw = Base64.getDecoder().decode(platformKey.open(rows.getString(1), context(subject)));
                return Optional.of(new SecretBox(raw));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read a personal-data key", e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    private void remember(String subject, SecretBox key) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(subject, new Cached(key, clock.instant()));
    }

    private static String context(String subject) {
        return "personal-data-key/" + subject;
    }
}
