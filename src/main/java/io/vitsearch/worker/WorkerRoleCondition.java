package io.vitsearch.worker;

import io.vitsearch.Roles;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code vitsearch.roles} (a comma list, default {@code api,worker}) contains {@code worker}. */
class WorkerRoleCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String message = "vitsearch.roles is " + Roles.of(context.getEnvironment());
        return Roles.has(context.getEnvironment(), "worker")
                ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}
