package io.assetgate.server.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report, as problem+json. Tomcat answers some requests itself, before they
 * reach the application (an encoded {@code /} in the path, a malformed request line), and
 * by default with an HTML page of its own.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final ProblemWriter problems;

    ProblemErrorReportValve(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // As Tomcat's own report: only an error status, only when nothing was written, and once.
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ApiException problem = Problems.forStatus(response.getStatus());
        try {
            problems.write(response, problem.code(), problem.getMessage());
            response.finishResponse();
        } catch (IOException | IllegalStateException clientGoneOrResponseClosed) {
            // nothing more can be said to this client
        }
    }
}
