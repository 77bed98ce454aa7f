package dev.feedbackloop.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/verify.mjs}: the Standard Webhooks reference library (npm {@code standardwebhooks})
 * verifies a captured delivery, so the platform's signatures are checked by code that is not the platform's. Without
 * Node.js or the installed package the test is skipped, except under {@code CI=true}, where it must run and fails.
 * Install the package with {@code npm ci --prefix trigger-service/src/test/node}.
 */
final class StandardWebhooksVerifier {

    static final Path DIR = Path.of("src/test/node");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exitCode, String output) {
    }

    private StandardWebhooksVerifier() {
    }

    static void requireAvailable() {
        String missing = null;
        if (!Files.exists(DIR.resolve("node_modules/standardwebhooks/package.json"))) {
            missing = "the npm package standardwebhooks is not installed in " + DIR.toAbsolutePath()
                    + " (npm ci --prefix trigger-service/src/test/node)";
        } else {
            try {
                Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
                if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    missing = "node --version failed";
                }
            } catch (IOException e) {
                missing = "Node.js is not on the PATH";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                missing = "interrupted";
            }
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("Under CI=true the Standard Webhooks verification must run: " + missing);
            }
            Assumptions.abort(missing);
        }
    }

    /** Verifies {@code body} with {@code headers} under {@code secret}. */
    static Result verify(String secret, Map<String, String> headers, String body) throws Exception {
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("secret", secret);
        delivery.put("headers", headers);
        delivery.put("body", body);
        Path file = Files.createTempFile("delivery-", ".json");
        try {
            Files.writeString(file, JSON.writeValueAsString(delivery), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("node", "verify.mjs", file.toAbsolutePath().toString())
                    .directory(DIR.toFile()).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("node verify.mjs did not finish within 60 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
