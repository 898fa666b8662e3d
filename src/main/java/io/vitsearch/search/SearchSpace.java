package io.vitsearch.search;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
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

    /** Lists every dimension in a fixed order: for the hierarchical family stage by stage. */
    @JsonIgnore
    default List<Dimension> dimensions() {
        return SpaceDimensions.of(this);
    }

    /**
     * Returns this space with the choices of the named dimensions replaced, validated like any
     * space.
     *
     * @param changes new choices by dimension name, as {@link Dimension#name()} spells it
     * @throws InvalidSpecException when a name is unknown or the new space breaks a hard bound
     */
    default SearchSpace withChoices(Map<String, List<Double>> changes) {
        return SpaceDimensions.withChoices(this, changes);
    }

    /** Returns true when {@code architecture} is of this family, shares its fixed settings and uses only its choices. */
    boolean contains(Architecture architecture);
}
