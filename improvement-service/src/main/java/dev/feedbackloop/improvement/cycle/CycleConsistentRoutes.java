package dev.feedbackloop.improvement.cycle;

import dev.feedbackloop.support.consistency.ConsistentRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Read your writes on the weekly cycle: opening a cycle, notes, backlog moves and decisions, the deployment and the
 * success criteria answer with a consistency token, and the cycle's reads (its view and its report) wait, given one,
 * for the cycles projection.
 */
@Configuration(proxyBeanMethods = false)
public class CycleConsistentRoutes {

    private static final String CYCLES = "/api/v1/cycles";

    @Bean
    ConsistentRoutes cycleRoutesForReadYourWrites() {
        return ConsistentRoutes.builder()
                .write(HttpMethod.POST, CYCLES)
                .write(HttpMethod.POST, CYCLES + "/{id}/notes")
                .write(HttpMethod.POST, CYCLES + "/{id}/backlog/{itemId}/{action:move|decision}")
                .write(HttpMethod.POST, CYCLES + "/{id}/deployment")
                .write(HttpMethod.POST, CYCLES + "/{id}/success-criteria")
                .read(HttpMethod.GET, CYCLES, CycleProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, CYCLES + "/{ref}", CycleProjection.PROCESSING_GROUP)
                .read(HttpMethod.GET, CYCLES + "/{ref}/report", CycleProjection.PROCESSING_GROUP)
                .build();
    }
}
