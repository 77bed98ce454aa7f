package dev.feedbackloop.launcher;

import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.store.EmbeddedStoreCompaction;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code --compact-store}: shrinks a stopped platform's embedded event store to its data, then exits. The data
 * directory comes from the same settings as the platform's ({@code --platform.data-dir}, {@code PLATFORM_DATA_DIR},
 * default {@code ./data}). Exit status 0 when compacted, 1 when the store is missing or in use, 2 when the platform is
 * set up for PostgreSQL (whose own VACUUM does this) or a setting is one the platform would refuse at start-up.
 */
final class CompactStoreCommand {

    static final String FLAG = "--compact-store";

    private CompactStoreCommand() {
    }

    static boolean asked(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        StandardEnvironment environment = new StandardEnvironment();
        String[] settings = Arrays.stream(args).filter(a -> !a.equals(FLAG)).toArray(String[]::new);
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(settings));
        ConfigurationPropertySources.attach(environment);
        PlatformProperties properties;
        try {
            properties = Binder.get(environment).bindOrCreate("platform", Bindable.of(PlatformProperties.class));
        } catch (BindException e) {
            err.println("compact-store: " + settingRefused(e));
            return 2;
        }
        if (!properties.database().embedded()) {
            err.println("compact-store: platform.database.url is set, so the event store is not the embedded one;"
                    + " PostgreSQL reclaims space with its own VACUUM");
            return 2;
        }
        try {
            EmbeddedStoreCompaction.Result result = EmbeddedStoreCompaction.compact(properties.dataDir());
            out.printf(Locale.ROOT, "compact-store: %s compacted from %.1f MB to %.1f MB in %.1f s%n", result.file(),
                    result.bytesBefore() / 1e6, result.bytesAfter() / 1e6, result.took().toMillis() / 1e3);
            return 0;
        } catch (EmbeddedStoreCompaction.NotCompacted e) {
            err.println("compact-store: " + e.getMessage());
            return 1;
        }
    }

    /**
     * One line for a setting the platform would refuse at start-up: the platform's own rule when one was broken
     * ("platform.database.max-pool-size must be between 1 and 500"), else the setting's name and the kind of value
     * it needs. The value itself is never printed: it may be a secret.
     */
    static String settingRefused(BindException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null
                && root.getMessage().startsWith("platform.")) {
            return root.getMessage();
        }
        String name = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
        return name + " is not a valid " + e.getTarget().getType().resolve(Object.class).getSimpleName();
    }
}
