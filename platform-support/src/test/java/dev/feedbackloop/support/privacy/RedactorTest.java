package dev.feedbackloop.support.privacy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactorTest {

    private final Redactor all = new Redactor(List.of("email", "phone", "card"));

    @Test
    void contactDataIsReplacedAndTheRestKept() {
        assertThat(all.redact("mail jo.bloggs+x@mail.example.co.uk or call +44 20 7946 0958 about order 12345"))
                .isEqualTo("mail [email] or call [phone] about order 12345");
        assertThat(all.redact("card 4111-1111-1111-1111 expired")).isEqualTo("card [card] expired");
    }

    @Test
    void digitRunsThatAreNotCardsOrPhonesStay() {
        // fails the Luhn check, and too few digits for a phone number
        assertThat(all.redact("invoice 4111 1111 1111 1112, version 2.3.1, 3 retries")).isEqualTo(
                "invoice 4111 1111 1111 1112, version 2.3.1, 3 retries");
    }

    @Test
    void onlyTheConfiguredKindsAreRedacted() {
        Redactor emailOnly = new Redactor(List.of("email"));
        assertThat(emailOnly.redact("a@b.io 4111 1111 1111 1111")).isEqualTo("[email] 4111 1111 1111 1111");
        assertThat(new Redactor(List.of()).isActive()).isFalse();
        assertThat(new Redactor(List.of()).redact("a@b.io")).isEqualTo("a@b.io");
    }

    @Test
    void anUnknownRedactionIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new PrivacySettings(Duration.ofSeconds(30), List.of("email", "ssn"), null, Duration.ofHours(1)))
                .hasMessageContaining("platform.privacy.redact").hasMessageContaining("ssn");
        assertThatThrownBy(() -> new PrivacySettings(Duration.ofSeconds(30), List.of(), Duration.ofMinutes(5), Duration.ofHours(1)))
                .hasMessageContaining("read-model-retention");
    }
}
