package dev.feedbackloop.trigger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the trigger service on its own. */
@SpringBootApplication
public class TriggerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TriggerServiceApplication.class, args);
    }
}
