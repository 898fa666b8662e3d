package io.vitsearch;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The roles a process plays, from {@code vitsearch.roles}: a comma list of {@code api} (serve the
 * REST API) and {@code worker} (run jobs), by default both.
 */
public final class Roles {

    public static final List<String> DEFAULT = List.of("api", "worker");

    private Roles() {
    }

    public static List<String> of(Environment environment) {
        return Binder.get(environment).bind("vitsearch.roles", Bindable.listOf(String.class)).orElse(DEFAULT);
    }

    public static boolean has(Environment environment, String role) {
        return of(environment).stream().map(String::trim).anyMatch(role::equalsIgnoreCase);
    }
}
