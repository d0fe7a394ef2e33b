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
COPY --from=build /build/target/cc-gateway-adapter-*.jar /app/app.jar
USER adapter
EXPOSE 8080 8043
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
