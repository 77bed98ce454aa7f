package dev.feedbackloop.analysis.release;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settings and the judge. Gates are every {@link ReleaseGate} bean there is; with none, every release may open. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReleaseSettings.class)
public class ReleaseConfiguration {

    @Bean
    CanaryJudge canaryJudge(ReleaseSettings settings) {
        return new CanaryJudge(settings);
    }
}
