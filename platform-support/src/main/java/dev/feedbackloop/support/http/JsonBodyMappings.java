package dev.feedbackloop.support.http;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;

/**
 * The router, reading only JSON bodies unless a route says otherwise. Every POST, PUT, PATCH and DELETE route that
 * declares no {@code consumes} of its own takes {@code application/json} or {@code application/*+json}; a body of any
 * other type (a browser's form or {@code text/plain}, which it may send across origins without asking) answers 415
 * before the handler runs. A route that takes more declares it, like the batch endpoint's NDJSON or an OTLP
 * endpoint's {@code application/x-protobuf}. A request without a body passes where the handler does not need one.
 */
public class JsonBodyMappings extends RequestMappingHandlerMapping {

    public static final String[] JSON = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"};
    static final Set<RequestMethod> WRITES = EnumSet.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
            RequestMethod.DELETE);

    @Override
    protected RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
        RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
        if (info == null || !info.getConsumesCondition().isEmpty()
                || info.getMethodsCondition().getMethods().stream().noneMatch(WRITES::contains)) {
            return info;
        }
        return info.mutate().consumes(JSON).build();
    }

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        // Spring treats a route with a consumes condition but no @RequestBody as needing a body; it reads none
        if (!mapping.getConsumesCondition().isEmpty() && !readsBody(method)) {
            mapping.getConsumesCondition().setBodyRequired(false);
        }
    }

    private static boolean readsBody(Method method) {
        for (MethodParameter parameter : new AnnotatedMethod(method).getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                return true;
            }
        }
        return false;
    }
}
