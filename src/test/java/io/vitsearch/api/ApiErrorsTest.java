package io.vitsearch.api;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.util.UUID;

import io.vitsearch.experiment.ApiTestSupport;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** Problem responses for requests that no endpoint handles. */
class ApiErrorsTest extends ApiTestSupport {

    @Test
    void unknownRouteIsNotFound() throws Exception {
        ResultActions result = mvc.perform(get("/api/v1/experimentz"));

        expectProblem(result, 404, "not-found", "/api/v1/experimentz");
        result.andExpect(jsonPath("$.detail").value(containsString("GET /api/v1/experimentz")));
    }

    @Test
    void unknownRouteOutsideApiIsNotFound() throws Exception {
        expectProblem(mvc.perform(get("/nothing/here")), 404, "not-found", "/nothing/here");
    }

    @Test
    void wrongMethodIsNotAllowed() throws Exception {
        ResultActions result = mvc.perform(delete(EXPERIMENTS));

        expectProblem(result, 405, "method-not-allowed", EXPERIMENTS);
        result.andExpect(header().string("Allow", containsString("POST")))
                .andExpect(jsonPath("$.detail").value(containsString("DELETE")));
        assertNothingWritten();
    }

    @Test
    void wrongMethodOnExperimentIsNotAllowed() throws Exception {
        String path = EXPERIMENTS + "/" + UUID.randomUUID();

        expectProblem(mvc.perform(put(path).contentType(MediaType.APPLICATION_JSON).content(VALID_SPEC)),
                405, "method-not-allowed", path);
        expectProblem(mvc.perform(get(path + "/cancel")), 405, "method-not-allowed", path + "/cancel");
        assertNothingWritten();
    }

    @Test
    void containerErrorIsProblem() throws Exception {
        ResultActions result = mvc.perform(get("/error")
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/experiments"));

        expectProblem(result, 400, "http-error", "/api/v1/experiments");
    }

    @Test
    void unacceptableAcceptIsProblem() throws Exception {
        mvc.perform(get(EXPERIMENTS).accept(MediaType.APPLICATION_XML))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isNotAcceptable());
    }
}
