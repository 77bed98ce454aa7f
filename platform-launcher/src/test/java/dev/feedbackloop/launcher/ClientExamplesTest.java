package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clients in {@code examples/} are generated from the running platform's description and work against it: the
 * Python client by openapi-generator, the TypeScript types by openapi-typescript. Each example posts feedback, a batch
 * and an assessment, reads the feedback back and verifies a delivered webhook's Standard Webhooks signature; the
 * test checks what it printed and that the feedback it named is really there. Skipped where python3 (with pydantic 2)
 * or Node.js is missing, except under CI=true: {@code .ci/run} provides both.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"platform.security.api-keys=ops=admin=" + ClientExamplesTest.KEY,
                "platform.webhooks.allow-loopback=true"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientExamplesTest {

    static final String KEY = "client-examples-secret-0000001";
    static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples");
    static final Path WORK = Path.of("target", "client-examples").toAbsolutePath();
    static final Pattern FEEDBACK = Pattern.compile("feedback read back: (\\S+) trace=(\\S+) rating=5");

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("client-examples").toString());
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Path description;

    @BeforeAll
    void saveTheDescription() throws Exception {
        Files.createDirectories(WORK);
        description = WORK.resolve("openapi.json");
        HttpResponse<String> served = http.send(HttpRequest.newBuilder(URI.create(base() + "/openapi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        Files.writeString(description, served.body());
    }

    @Test
    void thePythonClientGeneratedFromTheDescriptionPostsReadsAndVerifiesAWebhook() throws Exception {
        present(succeeds(List.of("python3", "-c", "import pydantic, urllib3, dateutil; "
                        + "assert int(pydantic.VERSION.split('.')[0]) >= 2"), EXAMPLES),
                "python3 with pydantic 2, urllib3 and python-dateutil is not on this machine");
        Path generator = Path.of("target", "tools", "openapi-generator-cli.jar").toAbsolutePath();
        assertThat(generator).as("copied by the build (maven-dependency-plugin)").exists();
        Path generated = WORK.resolve("python");
        run(List.of(javaCommand(), "-jar", generator.toString(), "generate", "-g", "python",
                "-c", EXAMPLES.resolve("python/openapi-generator.yaml").toString(),
                "-i", description.toString(), "-o", generated.toString()), EXAMPLES, Map.of());
        assertThat(generated.resolve("feedbackloop_client/api")).isDirectory();

        String output = run(List.of("python3", EXAMPLES.resolve("python/example.py").toString()), EXAMPLES,
                Map.of("PYTHONPATH", generated.toString(), "PLATFORM_URL", base(), "PLATFORM_API_KEY", KEY));
        assertTheExampleDidItsWork(output);
    }

    @Test
    void theTypeScriptClientGeneratedFromTheDescriptionPostsReadsAndVerifiesAWebhook() throws Exception {
        present(succeeds(List.of("node", "--version"), EXAMPLES), "Node.js is not on this machine");
        Path modules = EXAMPLES.resolve("typescript/node_modules");
        present(Files.isDirectory(modules.resolve("openapi-typescript")) && Files.isDirectory(modules.resolve("openapi-fetch")),
                "examples/typescript has no node_modules: run npm ci --prefix examples/typescript");
        // a copy of the example beside the build's other output, so the generated types stay out of the sources
        Path project = WORK.resolve("typescript");
        Files.createDirectories(project.resolve("src/generated"));
        for (String file : List.of("package.json", "tsconfig.json", "src/example.ts")) {
            Files.copy(EXAMPLES.resolve("typescript").resolve(file), project.resolve(file),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(project.resolve("node_modules"))) {
            Files.createSymbolicLink(project.resolve("node_modules"), modules);
        }
        run(List.of("node", "node_modules/openapi-typescript/bin/cli.js", description.toString(),
                "-o", "src/generated/api.d.ts"), project, Map.of());
        run(List.of("node", "node_modules/typescript/bin/tsc", "-p", "."), project, Map.of());

        String output = run(List.of("node", "dist/example.js"), project,
                Map.of("PLATFORM_URL", base(), "PLATFORM_API_KEY", KEY));
        assertTheExampleDidItsWork(output);
    }

    void assertTheExampleDidItsWork(String output) throws Exception {
        assertThat(output)
                .containsPattern("webhook subscribed: wh-\\S+")
                .containsPattern("feedback accepted: fb-\\S+")
                .contains("batch accepted: 2 rejected: 0")
                .containsPattern("assessment logged: a-\\S+")
                // read back with the writes' consistency tokens, once, without polling: a read model behind its write
                // would have answered 404 or an empty list
                .contains("assessments of the trace read back: correctness")
                .containsPattern("webhook verified: feedbackloop\\.ticket\\.created \\S+")
                .contains("webhook with an altered body: refused");
        Matcher read = FEEDBACK.matcher(output);
        assertThat(read.find()).as(output).isTrue();
        assertThat(output).contains("feedback accepted: " + read.group(1));
        // the feedback the example named is really there, under its trace, with the assessment beside it
        HttpResponse<String> stored = get("/api/v1/feedback/" + read.group(1));
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).contains("\"trace_id\":\"" + read.group(2) + "\"");
        assertThat(get("/api/v1/traces/" + read.group(2) + "/assessments").body()).contains("\"assessment_name\":\"correctness\"");
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Skips without the tool, except under CI=true, where .ci/run provides it and the examples must run. */
    static void present(boolean present, String why) {
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("Under CI=true the client examples must run. " + why);
        }
        assumeTrue(present, why);
    }

    static boolean succeeds(List<String> command, Path directory) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException absent) {
            return false;
        }
    }

    /** Runs a command to its end (at most three minutes) and gives its output; fails with the output if it fails. */
    static String run(List<String> command, Path directory, Map<String, String> environment) throws Exception {
        File log = Files.createTempFile(WORK, "run-", ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(ended && process.exitValue() == 0).as("%s%n%s", String.join(" ", command), tail(output)).isTrue();
        return output;
    }

    static String tail(String output) {
        return output.length() <= 6000 ? output : "..." + output.substring(output.length() - 6000);
    }
}
