package dev.feedbackloop.support.store;

import org.axonframework.common.IdentifierFactory;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * The identifiers Axon gives messages (every command, event and result): time-ordered UUIDs (version 7 of RFC 9562:
 * 48 bits of Unix milliseconds, then 74 random bits), registered for Axon through
 * {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 * <p>
 * Two reasons, both measured at 5,000 OTLP spans/s: Axon's default ({@link UUID#randomUUID()}) draws from the
 * platform's shared {@link SecureRandom}, whose lock the writer threads queued on; here each thread has its own DRBG.
 * And the event table's unique index on the event identifier grows at its right edge instead of at a random page,
 * which keeps the pages PostgreSQL writes to in memory as the table grows.
 */
public final class TimeOrderedIdentifiers extends IdentifierFactory {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TimeOrderedIdentifiers::newRandom);

    @Override
    public String generateIdentifier() {
        return next(System.currentTimeMillis(), RANDOM.get()).toString();
    }

    /** A version 7 UUID for {@code epochMillis} with its random bits from {@code random}. */
    static UUID next(long epochMillis, SecureRandom random) {
        long randomHigh = random.nextLong();
        long randomLow = random.nextLong();
        long msb = (epochMillis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long lsb = (randomLow & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    }
}
