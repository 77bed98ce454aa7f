package dev.feedbackloop.launcher;

import dev.feedbackloop.support.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Keeps the front door honest: every relative link of the README and the docs pages points to a file that exists,
 * and the README's requests, run with curl against the platform, are answered without an error.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.security.api-keys=docs=admin=docs-admin-secret-00000001")
class DocumentationTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("platform.data-dir", () -> TestDatabases.newDataDir("docs").toString());
    }

    @Value("${local.server.port}")
    int port;

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsPointsToAFile() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                    continue;
                }
                links++;
                if (!Files.exists(page.getParent().resolve(target).normalize())) {
                    broken.add(ROOT.relativize(page) + " -> " + target);
                }
            }
        }
        assertThat(links).isGreaterThan(20);
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmesRequestsAreAnsweredWithoutAnError() throws Exception {
        assumeTrue(System.getenv("CI") != null || onPath("curl"), "curl is not installed");
        List<String> requests = curlCommands(Files.readString(ROOT.resolve("README.md")));
        assertThat(requests).as("curl requests in the README").hasSizeGreaterThanOrEqualTo(5);
        for (String request : requests) {
            String command = request.replace("localhost:8080", "127.0.0.1:" + port) + " -o /dev/null -w '%{http_code}'";
            Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // the README reads the development key from data/dev-api-key; here a configured key stands in for it
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command).isTrue();
            String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(status).as(request).matches("2\\d\\d");
        }
    }

    /** The curl commands of the README's bash blocks that use $KEY (continuation lines joined), with KEY set. */
    static List<String> curlCommands(String readme) {
        List<String> out = new ArrayList<>();
        Matcher block = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (block.find()) {
            String text = block.group(1).replace("\\\n", " ");
            StringBuilder current = null;
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.startsWith("curl ") && l.contains("$KEY")) {
                    current = new StringBuilder(l);
                    out.add(null);
                } else if (current != null && !l.startsWith("#") && !l.isEmpty() && !l.startsWith("curl ")) {
                    current.append(' ').append(l);   // the rest of a quoted body spread over lines
                    out.set(out.size() - 1, current.toString());
                    continue;
                } else {
                    current = null;
                }
                if (current != null) {
                    out.set(out.size() - 1, current.toString());
                }
            }
        }
        return out.stream().map(c -> "KEY=docs-admin-secret-00000001; " + c).toList();
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
