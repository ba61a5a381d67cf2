package io.assetgate.serverless.contract;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against the Spring Boot server (its jar, over HTTP). */
class ServerContractTest extends UploadApiContract {

    private static ServerDeployment server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerDeployment.start(TestStack.create());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    protected Deployment deployment() {
        return server;
    }
}
