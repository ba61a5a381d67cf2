package io.assetgate.server.storage.s3;

import static io.assetgate.server.storage.s3.S3Errors.call;
import static io.assetgate.server.storage.s3.S3Errors.run;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.http.ContentDisposition;

import io.assetgate.server.storage.DownloadSpec;
import io.assetgate.server.storage.MultipartStore;
import io.assetgate.server.storage.ObjectInfo;
import io.assetgate.server.storage.ObjectNotFoundException;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.storage.StorageProperties;
import io.assetgate.server.storage.StoreInventory;
import io.assetgate.server.storage.UploadSpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 adapter (AWS S3, MinIO, Ceph RGW, Cloudflare R2, S3Proxy), over one shared
 * {@link S3Client} and one {@link S3UrlSigner} (the SDK's SigV4 signer). Presigned PUTs bind the
 * content type, the exact length, the declared checksum ({@code Content-MD5}, or {@code x-amz-checksum-sha256}
 * when {@code checksum-headers} is on) and the server-side encryption headers, so the store
 * itself refuses any other request.
 *
 * <p>Needs {@code s3:GetObject}, {@code s3:PutObject}, {@code s3:DeleteObject},
 * {@code s3:AbortMultipartUpload}, {@code s3:ListMultipartUploadParts} on the objects and
 * {@code s3:ListBucket}, {@code s3:ListBucketMultipartUploads} on the bucket (see docs/s3.md). It
 * never sends {@code HeadBucket} (see {@link S3KeyProbe}): a deployment whose {@code s3:ListBucket}
 * is limited to a prefix, as the serverless functions' is, could not.
 */
class S3ObjectStore implements ObjectStore, MultipartStore, StoreInventory, AutoCloseable {

    private static final Duration MIN_PRESIGN = Duration.ofSeconds(1);
    private static final Duration MAX_PRESIGN = Duration.ofDays(7);

    private final Supplier<S3Client> clients;
    private final S3UrlSigner signer;
    private final StorageProperties.S3 settings;
    private final String bucket;
    private volatile S3Client client;

    /**
     * @param clients makes the client, on first use: signing, all a create needs, uses only the
     *        signer, so a Lambda function's cold start does not build a client it may not use
     */
    S3ObjectStore(Supplier<S3Client> clients, S3UrlSigner signer, StorageProperties.S3 settings) {
        this.clients = clients;
        this.signer = signer;
        this.settings = settings;
        this.bucket = settings.bucket();
    }

    /**
     * Checks that the bucket exists and the credentials may read it, saying which when not; with
     * the signer only, so the client is still made on first use.
     */
    void checkBucket() {
        S3StartupCheck.check(signer, settings);
    }

    private S3Client s3() {
        S3Client made = client;
        if (made == null) {
            synchronized (this) {
                if (client == null) {
                    client = clients.get();
                }
                made = client;
            }
        }
        return made;
    }

    @Override
    public SignedRequest signUpload(String key, UploadSpec spec, Duration ttl) {
        // MUST: every header here is signed, so the store refuses a PUT of another type, length
        // or checksum, or without the encryption asked for.
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", spec.contentType());
        headers.put("Content-Length", Long.toString(spec.length()));
        if (spec.checksum() != null && spec.checksum().algorithm().equals("md5")) {
            headers.put("Content-MD5", spec.checksum().base64());
        } else if (spec.checksum() != null && settings.checksumHeaders()) {
            headers.put("x-amz-checksum-sha256", spec.checksum().base64());
        }
        if (settings.conditionalWrites()) {
            // MUST: only the first PUT may create the object. Without this, the URL could replace
            // the bytes verified at complete for as long as it lives (see docs/s3.md).
            headers.put("If-None-Match", "*");
        }
        if (sse() != null) {
            headers.put("x-amz-server-side-encryption", sse().toString());
            if (kmsKeyId() != null) {
                headers.put("x-amz-server-side-encryption-aws-kms-key-id", kmsKeyId());
            }
        }
        return signed(call(key, () -> signer.sign(SdkHttpMethod.PUT, key, headers, Map.of(), presignable(ttl))));
    }

    @Override
    public SignedRequest signDownload(String key, DownloadSpec download, Duration ttl) {
        String disposition = ContentDisposition.attachment().filename(download.filename(), StandardCharsets.UTF_8)
                .build().toString();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response-content-disposition", disposition);
        query.put("response-content-type", download.contentType());
        return signed(call(key, () -> signer.sign(SdkHttpMethod.GET, key, Map.of(), query, presignable(ttl))));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Optional<ObjectInfo> found = head(key);
        if (found.isPresent()) {
            return found;
        }
        // A HEAD answer has no body: a 404 may mean a missing bucket as well as a missing key. A
        // vanished bucket must not pass for "not uploaded yet", so a GET of the key's first byte
        // asks which (NoSuchKey or NoSuchBucket); never HeadBucket, see S3KeyProbe.
        try {
            return call(key, () -> S3KeyProbe.exists(s3(), bucket, key)) ? head(key) : Optional.empty();
        } catch (ObjectNotFoundException e) {
            return Optional.empty(); // a 404 naming no fault: taken for the key, as the HEAD's
        }
    }

    private Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse head = call(key, () -> s3().headObject(h -> h.bucket(bucket).key(key)));
            String etag = unquote(head.eTag());
            return Optional.of(new ObjectInfo(key, head.contentLength(), etag, md5Digest(etag)));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key) {
        return call(key, () -> s3().getObject(g -> g.bucket(bucket).key(key)));
    }

    /** A ranged GET: the store sends the head only, not the whole object. */
    @Override
    public byte[] readHead(String key, int length) {
        if (length <= 0) {
            return new byte[0];   // no range names zero bytes, and S3 refuses one past an empty object
        }
        return call(key, () -> s3().getObjectAsBytes(g -> g.bucket(bucket).key(key).range("bytes=0-" + (length - 1))))
                .asByteArray();
    }

    @Override
    public ObjectInfo put(String key, InputStream content, long length, String contentType) {
        // The SDK resends a body it can reset, up to 128 KiB read (RequestBody.fromInputStream), when
        // an attempt fails before the store answered, as on a pooled connection the store had
        // already closed. A request's body cannot reset by itself: buffered, a small upload (most
        // proxied ones) survives such a connection instead of failing with "already read once".
        InputStream resettable = content.markSupported() ? content : new BufferedInputStream(content, 8192);
        return put(key, RequestBody.fromInputStream(resettable, length), length, contentType);
    }

    /** From the file itself, so the SDK can send it again when an attempt fails (a stale connection). */
    @Override
    public ObjectInfo putFile(String key, Path file, String contentType) {
        try {
            return put(key, RequestBody.fromFile(file), Files.size(file), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectInfo put(String key, RequestBody body, long length, String contentType) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .contentLength(length);
        encrypt(put);
        var response = call(key, () -> s3().putObject(put.build(), body));
        String etag = unquote(response.eTag());
        return new ObjectInfo(key, length, etag, md5Digest(etag));
    }

    @Override
    public void delete(String key) {
        run(key, () -> s3().deleteObject(d -> d.bucket(bucket).key(key)));
    }

    @Override
    public String startMultipart(String key, String contentType, long partSize) {
        return call(key, () -> s3().createMultipartUpload(c -> {
            c.bucket(bucket).key(key).contentType(contentType);
            if (sse() != null) {
                c.serverSideEncryption(sse()).ssekmsKeyId(kmsKeyId());
            }
        }).uploadId());
    }

    @Override
    public SignedRequest signPart(String key, String uploadId, int partNumber, long length, Duration ttl) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("partNumber", Integer.toString(partNumber));
        query.put("uploadId", uploadId);
        return signed(call(key, () -> signer.sign(SdkHttpMethod.PUT, key, Map.of("Content-Length", Long.toString(length)),
                query, presignable(ttl))));
    }

    @Override
    public List<StoredPart> listParts(String key, String uploadId) {
        return call(key, () -> s3().listPartsPaginator(l -> l.bucket(bucket).key(key).uploadId(uploadId)).parts().stream()
                .map(p -> new StoredPart(p.partNumber(), unquote(p.eTag()), p.size(), md5Digest(unquote(p.eTag()))))
                .toList());
    }

    @Override
    public ObjectInfo completeMultipart(String key, String uploadId, List<PartTag> parts) {
        List<CompletedPart> completed = parts.stream()
                .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(quote(p.etag())).build()).toList();
        run(key, () -> s3().completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build())));
        return stat(key).orElseThrow(() -> new ObjectNotFoundException(key));
    }

    @Override
    public void abortMultipart(String key, String uploadId) {
        try {
            run(key, () -> s3().abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId)));
        } catch (io.assetgate.server.storage.MultipartNotFoundException e) {
            // already completed or aborted: abort is idempotent
        }
    }

    @Override
    public void forEachObject(String prefix, Consumer<StoredObject> each) {
        run(prefix, () -> s3().listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()
                .forEach(o -> each.accept(new StoredObject(o.key(), o.size(), o.lastModified()))));
    }

    @Override
    public void forEachMultipart(String prefix, Consumer<OpenMultipart> each) {
        run(prefix, () -> s3().listMultipartUploadsPaginator(l -> l.bucket(bucket).prefix(prefix)).uploads()
                .forEach(u -> each.accept(new OpenMultipart(u.key(), u.uploadId(), u.initiated()))));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    /** SigV4 presigned URLs live from 1 second to 7 days; a caller's lifetime is kept within that. */
    static Duration presignable(Duration ttl) {
        if (ttl.compareTo(MIN_PRESIGN) < 0) {
            return MIN_PRESIGN;
        }
        return ttl.compareTo(MAX_PRESIGN) > 0 ? MAX_PRESIGN : ttl;
    }

    private void encrypt(PutObjectRequest.Builder put) {
        if (sse() != null) {
            put.serverSideEncryption(sse()).ssekmsKeyId(kmsKeyId());
        }
    }

    @Override
    public String arrivalDigestAlgorithm() {
        return etagsAreMd5() ? "md5" : null;
    }

    /** S3 computes every PUT's and part's MD5 as its ETag, unless KMS encrypts it. */
    private boolean etagsAreMd5() {
        return settings.etagsAreMd5() && sse() != ServerSideEncryption.AWS_KMS;
    }

    /** The ETag as the API's {@code md5:<base64>} (docs/api.md), when it is one; a multipart object's is not. */
    private String md5Digest(String etag) {
        if (!etagsAreMd5() || etag == null || !etag.matches("[0-9a-fA-F]{32}")) {
            return null;
        }
        return "md5:" + Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex(etag.toLowerCase(Locale.ROOT)));
    }

    private ServerSideEncryption sse() {
        String sse = settings.sse();
        if (sse == null || sse.isBlank() || sse.equalsIgnoreCase("none")) {
            return null;
        }
        return sse.equalsIgnoreCase("aws:kms") ? ServerSideEncryption.AWS_KMS : ServerSideEncryption.AES256;
    }

    private String kmsKeyId() {
        return sse() == ServerSideEncryption.AWS_KMS ? settings.kmsKeyId() : null;
    }

    /**
     * The client sends exactly these headers. Host and Content-Length are signed too, but every
     * HTTP client sets them itself (and some refuse to let a caller set them).
     */
    private static SignedRequest signed(S3UrlSigner.Presigned presigned) {
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                headers.put(canonical(name), String.join(",", values));
            }
        });
        return new SignedRequest(presigned.request().method().name(), presigned.url().toString(), headers,
                presigned.expiration());
    }

    private static String canonical(String name) {
        return switch (name.toLowerCase()) {
            case "content-type" -> "Content-Type";
            case "content-md5" -> "Content-MD5";
            case "if-none-match" -> "If-None-Match";
            default -> name;
        };
    }

    static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static String quote(String etag) {
        return "\"" + unquote(etag) + "\"";
    }
}
