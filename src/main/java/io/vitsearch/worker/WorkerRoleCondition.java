package io.vitsearch.worker;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code vitsearch.roles} (a comma list, default {@code api,worker}) contains {@code worker}. */
class WorkerRoleCondition extends SpringBootCondition {

    static final List<String> DEFAULT_ROLES = List.of("api", "worker");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        List<String> roles = Binder.get(context.getEnvironment())
                .bind("vitsearch.roles", Bindable.listOf(String.class))
                .orElse(DEFAULT_ROLES);
        boolean worker = roles.stream().map(String::trim).anyMatch("worker"::equalsIgnoreCase);
        String message = "vitsearch.roles is " + roles;
        return worker ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}
