# Builds the service jar and runs it on a slim JRE. libtorch comes from the pytorch-native-cpu jar
# inside the application, so the image needs no network at run time.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY db db
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 999 --home-dir /var/lib/vitsearch --create-home vitsearch
USER vitsearch
WORKDIR /var/lib/vitsearch
COPY --from=build /src/target/vitsearch-*.jar /opt/vitsearch/vitsearch.jar
ENV JAVA_TOOL_OPTIONS="-Dai.djl.offline=true -DPYTORCH_VERSION=2.7.1" \
    DJL_CACHE_DIR=/var/lib/vitsearch/djl
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/vitsearch/vitsearch.jar"]
