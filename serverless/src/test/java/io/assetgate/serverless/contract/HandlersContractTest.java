package io.assetgate.serverless.contract;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;

/** The contract against the Lambda handlers, in-process, with API Gateway's and S3's events. */
class HandlersContractTest extends UploadApiContract {

    private static HandlersDeployment handlers;

    @BeforeAll
    static void start() {
        handlers = HandlersDeployment.start(TestStack.create(), Map.of());
    }

    @Override
    protected Deployment deployment() {
        return handlers;
    }
}
