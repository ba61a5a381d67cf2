package io.assetgate.server.upload;

import java.util.List;

/**
 * The body of {@code POST /v1/uploads/{id}/complete}: the parts of a MULTIPART upload, and
 * optionally the checksum of the whole file for an upload declared without one. Read by the
 * server and the Lambda handlers alike.
 */
record CompleteUploadRequest(List<MultipartUploads.PartRef> parts, String checksum) {
}
