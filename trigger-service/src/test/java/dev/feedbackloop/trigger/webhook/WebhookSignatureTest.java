package dev.feedbackloop.trigger.webhook;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    static final String SECRET = "whsec-test-0123456789";
    static final byte[] BODY = "{\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureIsTheHmacSha256OfTimestampDotBody() {
        // computed with Python: hmac.new(secret, b'1700000000.{"id":"e1"}', hashlib.sha256).hexdigest()
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, BODY))
                .isEqualTo("sha256=95a5f4df7c53f774b168fd1ee77aceee3574a26e4540f2c58dc5206917fd7ed7");
    }

    @Test
    void aReceiverVerifiesItWithThePlainJdk() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(
                mac.doFinal(("1800000000." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.sign(SECRET, 1_800_000_000L, BODY)).isEqualTo(expected);
    }

    @Test
    void anotherTimestampOrSecretGivesAnotherSignature() {
        String signature = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_001L, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET + "x", 1_700_000_000L, BODY)).isNotEqualTo(signature);
    }
}
