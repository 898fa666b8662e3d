package io.vitsearch.api;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class ApiConfiguration {

    /**
     * Describes the API. The server URL is relative so that the generated document is the same on
     * every host and port and can be compared with the checked-in openapi/openapi.yaml.
     */
    @Bean
    OpenAPI vitsearchOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("vitsearch API")
                        .version("v1")
                        .description("Submit vision-transformer architecture searches (S3 space evolution and"
                                + " AutoFormer evolutionary search), follow their progress and read their results."
                                + " Errors are RFC 9457 application/problem+json."))
                .addServersItem(new Server().url("/").description("This server"));
    }

    /**
     * Maps each {@code family} value of a search space to its schema. The generator reads the
     * discriminator property from the Jackson annotations but not the names, and without a mapping
     * clients would expect the schema names (VitSpace) as values.
     */
    @Bean
    OpenApiCustomizer searchSpaceDiscriminator() {
        return openApi -> {
            Schema<?> space = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
                    ? null : openApi.getComponents().getSchemas().get("SearchSpace");
            if (space == null || space.getDiscriminator() == null) {
                return;
            }
            space.getDiscriminator()
                    .mapping("vit", "#/components/schemas/VitSpace")
                    .mapping("hierarchical", "#/components/schemas/HierarchicalSpace");
            if (space.getProperties() != null && space.getProperties().get("family") != null) {
                space.getProperties().put("family", new StringSchema()._enum(List.of("vit", "hierarchical")));
            }
        };
    }
}
