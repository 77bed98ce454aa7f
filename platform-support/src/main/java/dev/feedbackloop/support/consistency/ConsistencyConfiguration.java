package dev.feedbackloop.support.consistency;

import dev.feedbackloop.support.config.PlatformProperties;
import dev.feedbackloop.support.security.DenialFormat;
import dev.feedbackloop.support.web.WebContractConfiguration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import reactor.core.scheduler.Schedulers;

import javax.sql.DataSource;
import java.util.List;

/** Wires read your writes; services contribute their {@link ConsistentRoutes}. */
@Configuration(proxyBeanMethods = false)
public class ConsistencyConfiguration {

    @Bean
    public ProcessorPositions processorPositions(DataSource dataSource, Serializer serializer, EventStore eventStore,
                                                 ObjectProvider<EventProcessingConfiguration> processing) {
        return new ProcessorPositions(dataSource, serializer, eventStore, processing::getIfAvailable);
    }

    @Bean
    public ReadYourWritesFilter readYourWritesFilter(ObjectProvider<ConsistentRoutes> routes,
                                                     ProcessorPositions positions, PlatformProperties properties,
                                                     ObjectProvider<DenialFormat> formats) {
        return new ReadYourWritesFilter(routes.orderedStream().toList(), positions, properties.consistency(),
                Schedulers.boundedElastic(), formats.orderedStream().toList());
    }

    /** The token in the API description: a response header of the writes, a header or parameter of the reads. */
    @Bean
    public OpenApiCustomizer consistencyTokensDescribed(ObjectProvider<ConsistentRoutes> routes) {
        List<ConsistentRoutes> all = routes.orderedStream().toList();
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                HttpMethod httpMethod = HttpMethod.valueOf(method.name());
                PathContainer concrete = PathContainer.parsePath(path.replaceAll("\\{[^}]+}", "x"));
                if (ConsistentRoutes.readOf(all, httpMethod, concrete).isPresent()) {
                    String waits = "A write's consistency token: the answer waits (bounded by "
                            + "platform.consistency.max-wait, then 503 NOT_YET_CONSISTENT with Retry-After) until the "
                            + "read model holds that write. See docs/api.md, Read your writes.";
                    operation.addParametersItem(new Parameter().in("header").name(ConsistencyToken.HEADER)
                            .required(false).description(waits).schema(new StringSchema()));
                    operation.addParametersItem(new Parameter().in("query").name(ConsistencyToken.PARAMETER)
                            .required(false).description("The same as the " + ConsistencyToken.HEADER + " header.")
                            .schema(new StringSchema()));
                    WebContractConfiguration.addProblem(operation, "400",
                            "A parameter breaks a rule (a consistency token the platform did not issue, too); `errors` names each one");
                    WebContractConfiguration.addProblem(operation, "503",
                            "NOT_YET_CONSISTENT: the read model did not reach the token's write in time (Retry-After), "
                                    + "or a store is unavailable");
                } else if (ConsistentRoutes.isWrite(all, httpMethod, concrete) && operation.getResponses() != null) {
                    operation.getResponses().forEach((status, response) -> {
                        if (status.startsWith("2")) {
                            response.addHeaderObject(ConsistencyToken.HEADER, new Header().schema(new StringSchema())
                                    .description("Opaque; send it with a read to read this write (docs/api.md, "
                                            + "Read your writes)."));
                        }
                    });
                }
            }));
        };
    }
}
