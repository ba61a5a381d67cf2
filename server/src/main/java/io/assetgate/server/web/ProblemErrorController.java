package io.assetgate.server.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, as problem+json. What reaches it never reached a
 * controller: requests the security firewall rejects (a {@code ;} or an encoded {@code /} in
 * the path), and failures inside filters, such as the embedded identity provider's endpoints.
 * Boot's default page would answer a JSON shape of its own, outside the API (docs/api.md).
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR
                || !(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
            // Someone asked for /error itself: nothing failed, and nothing is logged.
            return Problems.response(Problems.forStatus(404));
        }
        if (status >= 500) {
            // Logged once, here; the answer carries no trace of it.
            log.error("Unhandled failure before any controller, on {}",
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        return Problems.response(Problems.forStatus(status));
    }
}
