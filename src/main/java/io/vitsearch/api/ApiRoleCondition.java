package io.vitsearch.api;

import io.vitsearch.Roles;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code vitsearch.roles} contains {@code api}. REST controllers carry it, so a
 * worker-only process serves actuator endpoints but no API.
 */
public class ApiRoleCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String message = "vitsearch.roles is " + Roles.of(context.getEnvironment());
        return Roles.has(context.getEnvironment(), "api")
                ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}
