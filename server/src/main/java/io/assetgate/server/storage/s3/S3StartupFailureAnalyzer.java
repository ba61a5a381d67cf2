package io.assetgate.server.storage.s3;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a failed S3 startup check into Spring Boot's short failure report (one line saying
 * what is wrong) instead of a wall of nested bean-creation stack traces.
 */
class S3StartupFailureAnalyzer extends AbstractFailureAnalyzer<S3StartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, S3StartupException cause) {
        return new FailureAnalysis("S3 storage check failed: " + cause.getMessage(),
                "Fix the assetgate.storage.s3.* settings named above, or use assetgate.storage.type=local.", cause);
    }
}
