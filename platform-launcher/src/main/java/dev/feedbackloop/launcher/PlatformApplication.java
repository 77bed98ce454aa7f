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
@ComponentScan(basePackages = {"dev.feedbackloop.feedback", "dev.feedbackloop.analysis", "dev.feedbackloop.trigger"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
public class PlatformApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlatformApplication.class, args);
    }
}
