package dev.feedbackloop.trigger.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.feedbackloop.trigger.webhook.WebhookOutbox;
import com.mongodb.client.model.Updates;
import dev.feedbackloop.kernel.trigger.AlertRaised;
import dev.feedbackloop.kernel.trigger.WebhookEventTypes;
import dev.feedbackloop.kernel.trigger.AlertResolved;
import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.ops.PeriodicTask;
import dev.feedbackloop.support.readmodel.ReadModelWriter;
import dev.feedbackloop.support.serialization.StoredFormat;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Sends the email deliveries that {@link AlertChannelOutbox} records, through the SMTP server of
 * {@code platform.alerts.smtp}. Each due delivery is first leased (its next attempt moved past the connection's
 * timeouts, guarded by the value read), so another instance or the next poll leaves it alone while it is in flight.
 * Every connection, read and write has a timeout; a message that could not be sent is tried again after
 * {@code retry-delay}, doubling up to {@code max-delay}, and fails for good after {@code max-attempts} (at once when
 * the server refuses the message or its recipients with a 5xx answer). A resolution waits while the raised alert's email on the same channel is still
 * pending, and answers it (In-Reply-To), so both stay one thread. Delivery is at least once: a message whose
 * acknowledgement was lost is sent again, with the same Message-ID. The password is never logged or stored.
 */
@Component
public class EmailSender implements SmartLifecycle {

    public static final String DELIVERIES = "email_deliveries";
    static final String NO_RECIPIENTS = "not delivered: channel has no recipients";
    static final int BATCH = 20;
    static final int MAX_ERROR_LENGTH = 500;
    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);
    private static final ObjectMapper STORED = StoredFormat.eventMapper();

    private final ReadModelWriter readModels;
    private final AlertChannels channels;
    private final AlertChannelSettings.Smtp smtp;
    private final Clock clock;
    private final Duration timeout;
    private PeriodicTask task;

    public EmailSender(ReadModelWriter readModels, AlertChannels channels, AlertChannelSettings settings, Clock clock,
                       PlatformProperties platform) {
        this.readModels = readModels;
        this.channels = channels;
        this.smtp = settings.smtp();
        this.clock = clock;
        this.timeout = platform.mongo().timeout().multipliedBy(4);
    }

    static String deliveryId(String channel, String eventId) {
        return "email:" + channel + "/" + eventId;
    }

    /** The event as the delivery keeps it. */
    static String stored(Object event) {
        try {
            return STORED.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + event.getClass().getSimpleName(), e);
        }
    }

    @Override
    public synchronized void start() {
        if (channels.all().stream().anyMatch(c -> c.type() == AlertChannel.Type.EMAIL && c.sends())) {
            task = new PeriodicTask("email-sender", smtp.pollInterval(), this::sendDue);
            task.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.stop();
            task = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return task != null;
    }

    /** Sends every due delivery, one at a time; returns how many were attempted. */
    public int sendDue() {
        Instant now = clock.instant();
        List<Document> due = Flux.from(readModels.collection(DELIVERIES)
                        .find(Filters.and(Filters.eq("state", "pending"), Filters.lte("next_attempt_at", Date.from(now))))
                        .sort(Sorts.ascending("next_attempt_at", WebhookOutbox.POSITION, "_id")).limit(BATCH))
                .collectList().blockOptional(timeout).orElse(List.of());
        int attempted = 0;
        for (Document delivery : due) {
            if (lease(delivery, now)) {
                attempted++;
                send(delivery);
            }
        }
        return attempted;
    }

    private boolean lease(Document delivery, Instant now) {
        Duration lease = smtp.connectTimeout().plus(smtp.timeout().multipliedBy(3)).plusSeconds(30);
        return Mono.from(readModels.collection(DELIVERIES).updateOne(Filters.and(
                        Filters.eq("_id", delivery.get("_id")), Filters.eq("state", "pending"),
                        Filters.eq("next_attempt_at", delivery.getDate("next_attempt_at"))),
                Updates.set("next_attempt_at", Date.from(now.plus(lease))))).blockOptional(timeout)
                .map(r -> r.getModifiedCount() == 1).orElse(false);
    }

    private void send(Document delivery) {
        Object id = delivery.get("_id");
        int attempts = delivery.getInteger("attempts", 0) + 1;
        AlertChannel channel = channels.find(delivery.getString("channel")).orElse(null);
        if (channel == null || !channel.sends()) {
            finish(id, "failed", attempts - 1, channel == null
                    ? "not delivered: channel '" + delivery.getString("channel") + "' is no longer configured" : NO_RECIPIENTS);
            return;
        }
        try {
            MimeMessage message = message(delivery, channel);
            if (message == null) {
                Mono.from(readModels.collection(DELIVERIES).updateOne(Filters.eq("_id", id),
                        Updates.set("next_attempt_at", Date.from(clock.instant().plus(smtp.retryDelay())))))
                        .block(timeout);
                return;
            }
            transmit(message);
            Mono.from(readModels.collection(DELIVERIES).updateOne(Filters.eq("_id", id), Updates.combine(
                    Updates.set("state", "delivered"), Updates.set("attempts", attempts),
                    Updates.set("delivered_at", Date.from(clock.instant())), Updates.unset("last_error"),
                    Updates.unset("next_attempt_at")))).block(timeout);
        } catch (MessagingException | RuntimeException e) {
            if (e instanceof MessagingException m && permanent(m)) {
                // the server refused the message or its recipients for good: trying again would be refused again
                finish(id, "failed", attempts, "refused by the mail server: " + describe(e));
                return;
            }
            String error = describe(e);
            if (attempts >= smtp.maxAttempts()) {
                log.warn("Email alert {} failed for good after {} attempts: {}", id, attempts, error);
                finish(id, "failed", attempts, error);
            } else {
                Duration delay = smtp.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
                delay = delay.compareTo(smtp.maxDelay()) > 0 ? smtp.maxDelay() : delay;
                Mono.from(readModels.collection(DELIVERIES).updateOne(Filters.eq("_id", id), Updates.combine(
                        Updates.set("attempts", attempts), Updates.set("last_error", error),
                        Updates.set("next_attempt_at", Date.from(clock.instant().plus(delay)))))).block(timeout);
            }
        }
    }

    /** A 5xx answer (the message or its recipients refused for good); 4xx answers and broken connections pass. */
    static boolean permanent(MessagingException e) {
        for (Exception cause = e; cause != null;
             cause = cause instanceof MessagingException m ? m.getNextException() : null) {
            if (cause instanceof SMTPSendFailedException s && s.getReturnCode() >= 500) {
                return true;
            }
            if (cause instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500) {
                return true;
            }
        }
        return false;
    }

    private void finish(Object id, String state, int attempts, String error) {
        Mono.from(readModels.collection(DELIVERIES).updateOne(Filters.eq("_id", id), Updates.combine(
                Updates.set("state", state), Updates.set("attempts", attempts), Updates.set("last_error", error),
                Updates.unset("next_attempt_at")))).block(timeout);
    }

    /** The message of a delivery, or null when it must wait for the raised alert's email. */
    private MimeMessage message(Document delivery, AlertChannel channel) throws MessagingException {
        String eventId = delivery.getString("event_id");
        String subject;
        String body;
        String inReplyTo = null;
        if (WebhookEventTypes.ofClass(AlertResolved.class).equals(delivery.getString("event_type"))) {
            Document raised = Mono.from(readModels.collection(DELIVERIES).find(Filters.and(
                    Filters.eq("channel", channel.name()), Filters.eq("alert_id", delivery.getString("alert_id")),
                    Filters.eq("event_type", WebhookEventTypes.ofClass(AlertRaised.class)))).first()).block(timeout);
            if (raised != null && "pending".equals(raised.getString("state"))) {
                return null;
            }
            AlertRaised raisedAlert = raised == null ? null : read(raised.getString("data"), AlertRaised.class);
            AlertResolved resolution = read(delivery.getString("data"), AlertResolved.class);
            subject = EmailAlerts.subject(resolution, raisedAlert);
            body = EmailAlerts.body(resolution, raisedAlert);
            inReplyTo = raised == null ? null : EmailAlerts.messageId(raised.getString("event_id"));
        } else {
            AlertRaised alert = read(delivery.getString("data"), AlertRaised.class);
            subject = EmailAlerts.subject(alert);
            body = EmailAlerts.body(alert);
        }
        String messageId = EmailAlerts.messageId(eventId);
        MimeMessage message = new MimeMessage(session()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(smtp.from(), true));
        for (String to : channel.recipients()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        }
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(body, StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("X-Feedbackloop-Alert-Id", EmailAlerts.oneLine(delivery.getString("alert_id")));
        message.setHeader("X-Feedbackloop-Event-Id", EmailAlerts.oneLine(eventId));
        if (inReplyTo != null) {
            message.setHeader("In-Reply-To", inReplyTo);
            message.setHeader("References", inReplyTo);
        }
        message.saveChanges();
        return message;
    }

    private static <T> T read(String data, Class<T> type) {
        try {
            return STORED.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored " + type.getSimpleName() + " cannot be read: " + e.getOriginalMessage());
        }
    }

    private Session session() {
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.connectiontimeout", Long.toString(smtp.connectTimeout().toMillis()));
        p.put("mail.smtp.timeout", Long.toString(smtp.timeout().toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(smtp.timeout().toMillis()));
        p.put("mail.smtp.from", smtp.from());
        switch (String.valueOf(smtp.security()).toLowerCase(Locale.ROOT)) {
            case "tls" -> p.put("mail.smtp.ssl.enable", "true");
            case "none" -> {
            }
            default -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
        }
        boolean auth = smtp.username() != null && !smtp.username().isBlank();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        return Session.getInstance(p);
    }

    private void transmit(MimeMessage message) throws MessagingException {
        Transport transport = message.getSession().getTransport("smtp");
        try {
            if (smtp.username() != null && !smtp.username().isBlank()) {
                transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        } finally {
            transport.close();
        }
    }

    /** The error as the delivery shows it: its kind and message, never the password, cut to a bounded length. */
    private String describe(Exception e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().strip());
        if (smtp.password() != null && !smtp.password().isEmpty()) {
            text = text.replace(smtp.password(), "***");
        }
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
