package dev.feedbackloop.analysis.search;

import dev.feedbackloop.kernel.common.Identifier;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page starts: after the feedback with this (timestamp, id), pages being sorted by timestamp then
 * id, both descending. It carries a hash of the filter it was issued for, so it cannot continue another search.
 * Encoded as URL-safe base64 of {@code version, epoch millis, filter hash, id}.
 */
public record PageToken(Instant timestamp, String feedbackId, long filterHash) {

    private static final byte VERSION = 1;
    private static final int HEADER_BYTES = 1 + Long.BYTES + Long.BYTES;

    public static PageToken after(Instant timestamp, String feedbackId, String filter) {
        return new PageToken(timestamp, feedbackId, hash(filter));
    }

    public String encode() {
        byte[] id = feedbackId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + id.length)
                .put(VERSION).putLong(timestamp.toEpochMilli()).putLong(filterHash).put(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The token, provided it was issued by {@link #encode()} for this same filter. */
    public static PageToken decode(String token, String filter) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (bytes.length <= HEADER_BYTES || bytes[0] != VERSION) {
            throw malformed();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        Instant timestamp = Instant.ofEpochMilli(buffer.getLong());
        long filterHash = buffer.getLong();
        String id = new String(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, StandardCharsets.UTF_8);
        if (!Identifier.isValid(id)) {
            // a forged token; feedback ids are identifiers
            throw malformed();
        }
        if (filterHash != hash(filter)) {
            throw new PageTokenException("filter_mismatch",
                    "was issued for another filter; repeat the filter it came with, or start again without a page_token");
        }
        return new PageToken(timestamp, id, filterHash);
    }

    private static PageTokenException malformed() {
        return new PageTokenException("format", "is not a page token this API issued");
    }

    /** The first 8 bytes of the SHA-256 of the filter; no filter and a blank one are the same search. */
    static long hash(String filter) {
        String normalised = filter == null ? "" : filter.strip();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
