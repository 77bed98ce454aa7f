package dev.feedbackloop.trigger.command;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Deliveries are signed with the secret sealed in {@code sealedSecret} from {@code rotatedAt} on; the secrets in
 * {@code retiring} (every earlier secret still within its overlap, the one replaced now included) sign too until
 * their {@code validUntil}, so the receiver can switch secrets without refusing a delivery.
 */
@Revision("1")
public record WebhookSecretRotated(String webhookId, String sealedSecret, List<Retiring> retiring, Instant rotatedAt)
        implements WebhookEvent {

    public WebhookSecretRotated {
        retiring = retiring == null ? List.of() : List.copyOf(retiring);
    }

    /** An earlier secret that still signs until {@code validUntil}. */
    public record Retiring(String sealedSecret, Instant validUntil) {
    }
}
