package dev.feedbackloop.kernel.feedback;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A user's personal data was erased on request: their key was destroyed ({@code keyDestroyed} is false when there
 * was none left, say on a repeated request), so the personal fields of their events no longer open anywhere, and
 * every read model clears what it holds of them from before {@code erasedAt}. The audit record of the erasure: it
 * names the subject (a keyed hash, not the user id) and the API key that asked, never the user.
 */
@Revision("1")
public record PersonalDataErased(String subject, boolean keyDestroyed, String requestedBy, Instant erasedAt)
        implements DataSubjectEvent {
}
