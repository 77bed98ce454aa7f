package dev.feedbackloop.analysis.gate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;

/**
 * The gates in force: the file named by {@code platform.gates.file} (environment: {@code PLATFORM_GATES_FILE}), or
 * the specification's gates shipped as {@value GateFileReader#DEFAULT_RESOURCE} when it is not set. A file that is
 * named but missing or invalid stops the start-up with a message naming the file, the gate and the field.
 */
@Configuration(proxyBeanMethods = false)
public class GateConfiguration {

    public static final String FILE_PROPERTY = "platform.gates.file";
    private static final Logger log = LoggerFactory.getLogger(GateConfiguration.class);

    @Bean
    public GateSet gateSet(Environment environment) {
        String configured = environment.getProperty(FILE_PROPERTY);
        GateSet set = configured == null || configured.isBlank()
                ? GateFileReader.defaults()
                : GateFileReader.load(Path.of(configured.strip()));
        log.info("Pre-deployment gates: {} gates over environments {} from {}", set.gates().size(),
                set.environments(), set.source());
        return set;
    }
}
