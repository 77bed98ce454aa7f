package dev.feedbackloop.launcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The whole platform in one process. It scans every service's package but skips their own application
 * classes, so each service's beans are registered exactly once.
 */
@SpringBootApplication
@ComponentScan(basePackages = {"dev.feedbackloop.feedback", "dev.feedbackloop.analysis", "dev.feedbackloop.trigger",
        "dev.feedbackloop.improvement", "dev.feedbackloop.launcher.demo"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
public class PlatformApplication {

    /** The API key of the demo: it only exists in a demo, whose server listens on the loopback address only. */
    static final String DEMO_KEY = "demo-admin-key-local-only";

    public static void main(String[] args) {
        if (CompactStoreCommand.asked(args)) {
            System.exit(CompactStoreCommand.run(args, System.out, System.err));
        }
        SpringApplication application = new SpringApplication(PlatformApplication.class);
        if (java.util.Arrays.asList(args).contains("--demo")) {
            application.setDefaultProperties(demoProperties());
        }
        application.run(args);
    }

    /**
     * {@code --demo}: its own data directory (never mixed with real data), the loopback address only, one admin key
     * the log names, and the demo traffic on. Anything set explicitly (environment, arguments) still wins.
     */
    static java.util.Map<String, Object> demoProperties() {
        java.util.Map<String, Object> demo = new java.util.LinkedHashMap<>();
        demo.put("platform.demo.enabled", "true");
        demo.put("platform.data-dir", "demo-data");
        demo.put("server.address", "127.0.0.1");
        demo.put("platform.security.api-keys", "demo=admin=" + DEMO_KEY);
        demo.put("platform.demo.api-key", DEMO_KEY);
        // the stories are history: let the monitors, incidents and clustering act on it within a minute
        demo.put("platform.incidents.from-history", "true");
        demo.put("platform.monitor.evaluation-interval", "10s");
        demo.put("platform.clustering.check-interval", "10s");
        demo.put("platform.clustering.interval", "1m");
        return demo;
    }
}
