# syntax=docker/dockerfile:1
#
# walguard container image.
#   docker build -t <registry>/walguard:0.1.0 .
# The build stage runs the README's build (./mvnw -B package -DskipTests); the runtime stage is a JRE
# with Quarkus' fast-jar copied in four layers, least often changed first, run as a non-root numeric
# UID so that Kubernetes can verify runAsNonRoot. It needs no shell: the entrypoint is exec form.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B package -DskipTests

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="walguard" \
      org.opencontainers.image.description="Kubernetes validating admission webhook that keeps SQLite WAL databases off network filesystems"
ENV LANG=C.UTF-8
WORKDIR /deployments
# The application files stay owned by root and read-only for the runtime user.
COPY --from=build /build/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build /build/target/quarkus-app/*.jar /deployments/
COPY --from=build /build/target/quarkus-app/app/ /deployments/app/
COPY --from=build /build/target/quarkus-app/quarkus/ /deployments/quarkus/
# 8443: the webhook (/validate), HTTPS once TLS material is configured (deploy/, the Helm chart); 8080: plain
# HTTP without it. 9000: the management interface (health, metrics, /report), with the same TLS.
EXPOSE 8443 8080 9000
USER 10001:10001
# -XX:+ExitOnOutOfMemoryError: a JVM whose heap is exhausted exits, and the kubelet restarts the container,
# instead of leaving a half-dead webhook that failurePolicy Fail depends on.
# -Djdk.tls.rejectClientInitiatedRenegotiation=true: no client-initiated TLS 1.2 renegotiation (TLS 1.3 has none).
# deploy/ and the chart set neither command nor args, so these flags always apply.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-Djdk.tls.rejectClientInitiatedRenegotiation=true", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
