package dev.feedbackloop.trigger.webhook;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    static final String LEGACY_SECRET = "whsec-test-0123456789";
    static final byte[] BODY = "{\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theStandardWebhooksPublishedTestVectorIsReproduced() {
        // standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works"
        assertThat(WebhookSignature.standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationEverySecretSignsCurrentFirstSeparatedBySpaces() {
        String current = WebhookSignature.newSecret(new SecureRandom());
        String old = WebhookSignature.newSecret(new SecureRandom());
        String header = WebhookSignature.standard(List.of(current, old), "e1", 1_700_000_000L, BODY);
        assertThat(header.split(" ")).containsExactly(
                WebhookSignature.standard(current, "e1", 1_700_000_000L, BODY),
                WebhookSignature.standard(old, "e1", 1_700_000_000L, BODY));
    }

    @Test
    void generatedSecretsHaveTheWhsecFormWith32RandomBytes() {
        String secret = WebhookSignature.newSecret(new SecureRandom());
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.isStandardSecret(secret)).isTrue();
        assertThat(WebhookSignature.newSecret(new SecureRandom())).isNotEqualTo(secret);
    }

    @Test
    void onlyWhsecBase64Of24To64BytesIsAStandardSecret() {
        assertThat(WebhookSignature.isStandardSecret("whsec_" + Base64.getEncoder().encodeToString(new byte[24]))).isTrue();
        assertThat(WebhookSignature.isStandardSecret("whsec_" + Base64.getEncoder().encodeToString(new byte[64]))).isTrue();
        assertThat(WebhookSignature.isStandardSecret("whsec_" + Base64.getEncoder().encodeToString(new byte[23]))).isFalse();
        assertThat(WebhookSignature.isStandardSecret("whsec_" + Base64.getEncoder().encodeToString(new byte[65]))).isFalse();
        assertThat(WebhookSignature.isStandardSecret("whsec_not*base64")).isFalse();
        assertThat(WebhookSignature.isStandardSecret(LEGACY_SECRET)).isFalse();
    }

    @Test
    void aPlainSecretOfAnOlderSubscriptionKeysTheHmacWithItsUtf8Bytes() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(LEGACY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal(("e1.1800000000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.standard(LEGACY_SECRET, "e1", 1_800_000_000L, BODY)).isEqualTo(expected);
    }

    @Test
    void theDeprecatedHeaderIsStillTheHmacSha256OfTimestampDotBody() throws Exception {
        // computed with Python: hmac.new(secret, b'1700000000.{"id":"e1"}', hashlib.sha256).hexdigest()
        assertThat(WebhookSignature.sign(LEGACY_SECRET, 1_700_000_000L, BODY))
                .isEqualTo("sha256=95a5f4df7c53f774b168fd1ee77aceee3574a26e4540f2c58dc5206917fd7ed7");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(LEGACY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(
                mac.doFinal(("1800000000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.sign(LEGACY_SECRET, 1_800_000_000L, BODY)).isEqualTo(expected);
    }
}
