package io.vitsearch.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A concrete vision-transformer architecture: one choice for every dimension of a search space.
 * Its canonical JSON ({@link SearchJson#canonical(Architecture)}) is shared by the API,
 * checkpoints and exported models, and {@link #id()} is derived from it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "family")
@JsonSubTypes({
        @JsonSubTypes.Type(value = VitArchitecture.class, name = "vit"),
        @JsonSubTypes.Type(value = HierarchicalArchitecture.class, name = "hierarchical")
})
public sealed interface Architecture permits VitArchitecture, HierarchicalArchitecture {

    int imageSize();

    int channels();

    int patchSize();

    int numClasses();

    /** Returns a stable id: the first 16 hex digits of the SHA-256 of the canonical JSON. */
    @JsonIgnore
    default String id() {
        return SearchJson.architectureId(this);
    }
}
