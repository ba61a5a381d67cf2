package io.assetgate.server.upload;

import java.util.List;

/** The body of {@code POST /v1/uploads/{id}/parts}, read by the server and the Lambda handlers alike. */
record SignPartsRequest(List<Integer> partNumbers) {
}
