package io.assetgate.server.storage.s3;

import java.net.URI;
import java.util.regex.Pattern;

import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Where an object's URL points, as the SDK's S3 endpoint rules place it for the settings Assetgate
 * has (region, endpoint, path style): {@code https://<bucket>.s3.<region>.<dns suffix>/<key>},
 * or {@code https://s3.<region>.<dns suffix>/<bucket>/<key>} with path style, with a bucket name
 * that is not a valid host label (dots over https, capitals, underscores) or an endpoint given as
 * an IP address. The SDK's own rules engine and region metadata cost a Lambda function's cold
 * start some 0.4 s and 800 classes for one string; {@code S3UrlSignerTest} checks this class
 * against the SDK's presigner for every region the SDK knows and each setting, so a change of the
 * rules shows there.
 */
final class S3Endpoint {

    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IP_LIKE_BUCKET = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private final URI base;
    private final boolean pathStyle;

    S3Endpoint(String region, String endpoint, boolean pathStyle) {
        this.base = endpoint == null || endpoint.isBlank() ? aws(region) : URI.create(endpoint);
        this.pathStyle = pathStyle;
    }

    /** The object's URL, without a query. */
    URI object(String bucket, String key) {
        String path = base.getRawPath() == null ? "" : stripTrailingSlash(base.getRawPath());
        String encodedKey = SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        String authority = base.getRawAuthority();
        if (!pathStyle && virtualHostable(bucket) && !isIp(base.getHost())) {
            authority = bucket + "." + authority;
        } else {
            path = path + "/" + SdkHttpUtils.urlEncode(bucket);
        }
        return URI.create(base.getScheme() + "://" + authority + path + "/" + encodedKey);
    }

    /** Over https a dot would break the certificate's wildcard: such a bucket goes in the path. */
    private boolean virtualHostable(String bucket) {
        if (bucket.length() < 3 || bucket.length() > 63 || IP_LIKE_BUCKET.matcher(bucket).matches()) {
            return false;
        }
        if ("https".equalsIgnoreCase(base.getScheme())) {
            return HOST_LABEL.matcher(bucket).matches();
        }
        for (String label : bucket.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIp(String host) {
        return host != null && (host.startsWith("[") || IPV4.matcher(host).matches());
    }

    /** The region a request is signed for: the SDK's {@code aws-global} is us-east-1's. */
    static String signingRegion(String region) {
        return region.equals("aws-global") ? "us-east-1" : region;
    }

    /** AWS's own endpoint; us-east-1 (and {@code aws-global}) keeps S3's global host, as the SDK does. */
    private static URI aws(String region) {
        String host = signingRegion(region).equals("us-east-1") ? "s3.amazonaws.com"
                : "s3." + region + "." + dnsSuffix(region);
        return URI.create("https://" + host);
    }

    /**
     * The partition's DNS suffix by the region's name, as the SDK's partitions list matches them;
     * a region it does not know is in the {@code aws} partition, as for the SDK.
     */
    static String dnsSuffix(String region) {
        if (region.startsWith("cn-")) {
            return "amazonaws.com.cn";
        } else if (region.startsWith("us-iso-")) {
            return "c2s.ic.gov";
        } else if (region.startsWith("us-isob-")) {
            return "sc2s.sgov.gov";
        } else if (region.startsWith("us-isof-")) {
            return "csp.hci.ic.gov";
        } else if (region.startsWith("eu-isoe-")) {
            return "cloud.adc-e.uk";
        } else if (region.startsWith("eusc-")) {
            return "amazonaws.eu";
        }
        return "amazonaws.com";
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
