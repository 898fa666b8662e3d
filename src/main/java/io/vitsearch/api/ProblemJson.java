package io.vitsearch.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ProblemDetail;

/**
 * The JSON members of a problem, for code that writes a response without Spring MVC's message
 * converters (a servlet filter, the error page), so the output matches what the converters write.
 */
final class ProblemJson {

    private ProblemJson() {
    }

    static Map<String, Object> of(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        members.put("instance", problem.getInstance() == null ? null : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
