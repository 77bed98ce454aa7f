package dev.feedbackloop.ui;

import dev.feedbackloop.support.security.PublicRoute;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The UI's files are public (the page asks for an API key and sends it with each API call; it holds no data itself).
 * Only the files the build produces are opened: the page, its hashed assets and the icon.
 */
@AutoConfiguration
public class UiAutoConfiguration {

    @Bean
    public PublicRoute uiPage() {
        return PublicRoute.of("/");
    }

    @Bean
    public PublicRoute uiIndex() {
        return PublicRoute.of("/index.html");
    }

    @Bean
    public PublicRoute uiAssets() {
        return PublicRoute.of("/assets/**");
    }

    @Bean
    public PublicRoute uiIcon() {
        return PublicRoute.of("/favicon.svg");
    }
}
