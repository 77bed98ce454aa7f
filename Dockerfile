# syntax=docker/dockerfile:1
# One image recipe for every service; SERVICE names the module (feedback-service, analysis-service,
# trigger-service, improvement-service). Build context: the repository root.
#   docker build --build-arg SERVICE=feedback-service -t feedbackloop/feedback-service .

FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /build

# Poms first: the dependency layer is rebuilt only when a pom changes. Maven reads every module's pom
# even with -pl, so all of them are copied.
COPY pom.xml ./
COPY shared-kernel/pom.xml shared-kernel/
COPY platform-support/pom.xml platform-support/
COPY feedback-service/pom.xml feedback-service/
COPY analysis-service/pom.xml analysis-service/
COPY trigger-service/pom.xml trigger-service/
COPY improvement-service/pom.xml improvement-service/
COPY platform-ui/pom.xml platform-ui/
COPY platform-launcher/pom.xml platform-launcher/
# maven-dependency-plugin 3.9.0 skips the reactor's own modules (the default version does not and fails).
RUN test -n "${SERVICE}" || { echo "set --build-arg SERVICE=<module>"; exit 1; }
RUN mvn -B -q -pl "${SERVICE}" -am org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline

# Sources after: only the modules this service is built from.
COPY shared-kernel/src shared-kernel/src
COPY platform-support/src platform-support/src
COPY ${SERVICE}/src ${SERVICE}/src
RUN mvn -B -q -DskipTests -pl "${SERVICE}" -am package \
 && cp "${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar" /build/app.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /app/data \
 && chown -R app:app /app \
 && chmod 700 /app/data
WORKDIR /app
COPY --from=build --chown=app:app /build/app.jar /app/app.jar
USER app
ENV PLATFORM_DATA_DIR=/app/data \
    SERVER_PORT=8080 \
    MANAGEMENT_SERVER_PORT=9464
# 8080: the API; 9464: the actuator (probes, /actuator/prometheus), for the orchestrator and Prometheus only
EXPOSE 8080 9464
# The image has no curl or wget; bash's /dev/tcp is enough for the open readiness endpoint (/readyz on the API port).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]
# ThreadPriorityPolicy=1: event processors run at a lower OS priority than requests and ingestion (BackgroundThreads)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:ThreadPriorityPolicy=1", "-jar", "/app/app.jar"]
