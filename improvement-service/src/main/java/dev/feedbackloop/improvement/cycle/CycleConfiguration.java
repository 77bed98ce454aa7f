package dev.feedbackloop.improvement.cycle;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code platform.cycles.*} ({@link CycleSettings}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CycleSettings.class)
public class CycleConfiguration {
}
