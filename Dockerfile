# The adapter's image; the emulator runs from the same jar (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY routes routes
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 adapter \
    && mkdir /certs && chown adapter /certs
WORKDIR /app
COPY --from=build /build/target/cc-gateway-adapter-*.jar /tmp/uber.jar
# Class-data sharing, as Spring Boot documents it: the jar extracted (app.jar and lib/), and the classes a
# start-up loads archived by a training run that stops once the context is refreshed (no broker needed).
# The adapter then starts in about four fifths of the time (the README's benchmark).
RUN java -Djarmode=tools -jar /tmp/uber.jar extract --destination /app --application-filename app.jar \
    && rm /tmp/uber.jar \
    && java -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh -jar /app/app.jar
USER adapter
EXPOSE 8080 8043
# What outlives a young collection (the idempotency caches' entries, the held event polls) is promoted at once
# instead of being copied up to fifteen times: each young collection copies it once, and the pauses stay short
# (the README's benchmark runs the adapter with these options).
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/app.jsa", "-XX:MaxTenuringThreshold=0", "-jar", "/app/app.jar"]
