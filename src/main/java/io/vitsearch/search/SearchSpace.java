package io.vitsearch.search;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A search space: for every dimension an ordered list of numeric choices, plus the settings every
 * architecture of the space shares (image size, channels, patch size, number of classes). Hard
 * bounds are checked at construction; {@link InvalidSpecException} lists every violation.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "family")
@JsonSubTypes({
        @JsonSubTypes.Type(value = VitSpace.class, name = "vit"),
        @JsonSubTypes.Type(value = HierarchicalSpace.class, name = "hierarchical")
})
public sealed interface SearchSpace permits VitSpace, HierarchicalSpace {

    int imageSize();

    int channels();

    int patchSize();

    int numClasses();
}
