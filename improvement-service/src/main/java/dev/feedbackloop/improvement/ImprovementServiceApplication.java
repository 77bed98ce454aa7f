package dev.feedbackloop.improvement;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the improvement service on its own. */
@SpringBootApplication
public class ImprovementServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ImprovementServiceApplication.class, args);
    }
}
