package io.assetgate.server.storage.s3;

/** The S3 settings do not work; the message says which one, in one line, with no secret. */
class S3StartupException extends RuntimeException {

    public S3StartupException(String message) {
        super(message);
    }
}
