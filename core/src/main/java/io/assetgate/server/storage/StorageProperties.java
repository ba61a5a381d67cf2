package io.assetgate.server.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where objects are kept.
 *
 * @param type {@code local} (the embedded default, under the data dir) or {@code s3}
 * @param s3 settings of an S3-compatible store, used when {@code type} is {@code s3}
 */
@ConfigurationProperties("assetgate.storage")
public record StorageProperties(@DefaultValue("local") String type, @DefaultValue S3 s3) {

    /**
     * An S3-compatible store (AWS S3, MinIO, Ceph RGW, Cloudflare R2).
     *
     * @param bucket the bucket holding every object
     * @param region the signing region
     * @param endpoint an endpoint override for stores other than AWS
     * @param pathStyle address the bucket in the path rather than the host name
     * @param accessKey static credentials; without them the default AWS credentials chain is used
     * @param secretKey the secret of {@code accessKey}
     * @param sse server-side encryption: {@code none}, {@code AES256} or {@code aws:kms}
     * @param kmsKeyId the KMS key for {@code aws:kms}
     * @param checksumHeaders sign a declared SHA-256 as {@code x-amz-checksum-sha256}, so the store
     *        itself refuses other bytes; turn off for stores without flexible checksums (S3Proxy
     *        answers 501). The server verifies the checksum at complete either way.
     * @param etagsAreMd5 the store's ETag of a single PUT or a part is the hex MD5 of its bytes, as
     *        on AWS S3 without KMS encryption, Ceph, R2 and S3Proxy; the server then verifies an
     *        MD5 the client computed while sending without reading the object back. Turn off for
     *        stores whose ETags are opaque (MinIO with encryption). Always off with {@code aws:kms}.
     * @param conditionalWrites sign {@code If-None-Match: *} into every upload URL, so the store
     *        refuses a PUT once the object exists: the bytes verified at complete cannot be replaced
     *        through the same URL. AWS S3, MinIO, R2, Ceph and S3Proxy support it; turn it off only
     *        for a store that refuses the header, and know that verified bytes can then be swapped
     *        while the URL lives.
     * @param startupCheck check the bucket and the credentials when the application starts (one
     *        HeadBucket, which needs {@code s3:ListBucket}), failing the start with the setting to
     *        fix. The serverless functions turn it off: their cold start should not wait on it, and
     *        the deployment checks once in the migrate function, which it runs first.
     */
    public record S3(String bucket, @DefaultValue("us-east-1") String region, String endpoint,
            @DefaultValue("false") boolean pathStyle, String accessKey, String secretKey,
            @DefaultValue("AES256") String sse, String kmsKeyId, @DefaultValue("true") boolean checksumHeaders,
            @DefaultValue("true") boolean etagsAreMd5, @DefaultValue("true") boolean conditionalWrites,
            @DefaultValue("true") boolean startupCheck) {
    }
}
