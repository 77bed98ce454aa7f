package dev.feedbackloop.support.rules;

import dev.feedbackloop.kernel.rules.RuleBook;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a trigger rule file: YAML with a top-level {@code automated_triggers} list (spec 21.4.2). Only plain maps,
 * lists and scalars are built from the YAML, never arbitrary types; duplicate keys are refused. Every problem in
 * the file is collected into one {@link RuleBookException}.
 */
public final class RuleBookLoader {

    /** The rules in force when no file is configured: the specification's triggers. */
    public static final String DEFAULT_RESOURCE = "dev/feedbackloop/support/rules/default-triggers.yaml";

    private RuleBookLoader() {
    }

    public static RuleBook defaults() {
        try (InputStream in = RuleBookLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new RuleBookException("classpath:" + DEFAULT_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new RuleBookException("classpath:" + DEFAULT_RESOURCE + " cannot be read: " + e, e);
        }
    }

    public static RuleBook load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleBookException("trigger rule file " + absolute + " cannot be read: " + e, e);
        }
        return parse(text, absolute.toString());
    }

    /** {@code source} names the file in messages. */
    public static RuleBook parse(String yaml, String source) {
        Object root;
        try {
            root = yaml().load(yaml);
        } catch (YAMLException e) {
            String problem = "not valid YAML: " + e.getMessage().strip().replace("\n", "\n    ");
            if (e.getMessage().contains("block scalar")) {
                problem += "\n    (a value starting with '>' or '|' must be quoted: threshold: \"> 20\")";
            }
            throw new RuleBookException(source, List.of(problem));
        }
        RuleFileReader reader = new RuleFileReader();
        RuleBook book = reader.read(root);
        if (book == null) {
            throw new RuleBookException(source, reader.problems());
        }
        return book;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        return new Yaml(new SafeConstructor(options));
    }
}
