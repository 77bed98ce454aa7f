package dev.feedbackloop.trigger.webhook;

import org.bson.Document;

import java.net.URI;
import java.util.Map;

/**
 * Where an outbox delivery goes when it belongs to no webhook subscription: the delivery document names its route
 * in {@link #FIELD}, and the route turns the document into a request each time it is sent. The target (URL, keys,
 * headers) is thus read from the configuration at send time and never stored in the outbox. Such deliveries are
 * leased, retried with the same back-off and expire after the same max age as webhook deliveries; they count
 * towards no subscription's failures.
 */
public interface DeliveryRoute {

    /** The delivery document's field naming its route; webhook deliveries have none. */
    String FIELD = "route";

    /** The value of {@link #FIELD} this route serves. */
    String name();

    /**
     * The request to send for this delivery; throws {@link Undeliverable} when it cannot be sent at all, and
     * {@link NotYet} when it must wait.
     */
    Request request(Document delivery);

    /** A POST of {@code body} to {@code url}; Content-Type application/json is added by the sender. */
    record Request(URI url, Map<String, String> headers, byte[] body) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    /** The delivery must wait (for an earlier one, say): it is looked at again after the base delay, no attempt counted. */
    class NotYet extends RuntimeException {
        public NotYet(String message) {
            super(message);
        }
    }

    /** The delivery cannot be sent (its target is gone or unusable): it fails with this message, without retry. */
    class Undeliverable extends RuntimeException {
        public Undeliverable(String message) {
            super(message);
        }
    }
}
